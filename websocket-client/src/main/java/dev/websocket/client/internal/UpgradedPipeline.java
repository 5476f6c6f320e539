package dev.websocket.client.internal;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.WebSocketProtocolException;
import dev.websocket.codec.Frame;
import dev.websocket.codec.FrameDecoder;
import dev.websocket.codec.FrameDecoderConfig;
import dev.websocket.codec.FrameEncoder;
import dev.websocket.codec.MaskKeySource;
import dev.websocket.codec.ProtocolViolationException;
import dev.websocket.codec.deflate.DeflateParameters;
import dev.websocket.codec.deflate.PerMessageDeflateConfig;
import dev.websocket.codec.deflate.PerMessageDeflateDecoder;
import dev.websocket.codec.deflate.PerMessageDeflateEncoder;
import dev.websocket.codec.deflate.PerMessageDeflateNegotiator;
import io.netty.channel.ChannelPipeline;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The pipeline after a valid 101: the frame codec (masking), permessage-deflate when negotiated,
 * the frame trace tap and the protocol handler, bound to the front door's listener. Also what the
 * request offers for it (the deflate extension), so offer and negotiation live together.
 */
final class UpgradedPipeline {

  private final ConnectOptions options;
  private final Tracer tracer;
  private final Function<Connection, ConnectionListener> listenerFactory;
  private final PerMessageDeflateNegotiator deflate;

  /**
   * @param listenerFactory called once, on the event loop, for the upgraded connection, before any
   *     frame is read
   */
  UpgradedPipeline(
      ConnectOptions options,
      Tracer tracer,
      Function<Connection, ConnectionListener> listenerFactory) {
    this.options = options;
    this.tracer = tracer;
    this.listenerFactory = listenerFactory;
    this.deflate = new PerMessageDeflateNegotiator(options.deflate());
  }

  /** The Sec-WebSocket-Extensions offer of the request, if any. */
  Optional<String> extensionOffer() {
    return deflate.offer();
  }

  /** The extension names this pipeline can run if the server selects them. */
  List<String> acceptedExtensions() {
    return options.compression() ? List.of(PerMessageDeflateConfig.EXTENSION_NAME) : List.of();
  }

  /**
   * Adds the frame handlers for a validated 101, in the read that carried it: the decoder right
   * behind the HTTP decoder, which passes the rest of that read on as raw bytes.
   */
  Connection install(ChannelPipeline pipeline, HandshakeResponse response)
      throws WebSocketProtocolException {
    return install(pipeline, PipelineNames.HANDSHAKE, response);
  }

  /**
   * Adds the frame handlers around the handshake handler named {@code handshake}: the codec and
   * deflate just before it (behind the HTTP decoder after a 101, behind the stream adapter on an
   * HTTP/2 stream), the trace tap and protocol handler just after it.
   */
  Connection install(ChannelPipeline pipeline, String handshake, HandshakeResponse response)
      throws WebSocketProtocolException {
    DeflateParameters compression = negotiateDeflate(response);
    SuppliedMaskKeys supplied =
        options.maskKeySupplier() != null ? new SuppliedMaskKeys(options.maskKeySupplier()) : null;
    MaskKeySource keys = supplied != null ? supplied : MaskKeySource.secureRandom();
    FrameDecoderConfig decoderConfig =
        FrameDecoderConfig.builder()
            .maxFrameSize(options.maxFrameSize())
            .maxMessageSize(options.maxMessageSize())
            .validateUtf8(!options.skipUtf8Validation())
            .allowedRsv(compression != null ? Frame.RSV1 : 0)
            .build();
    pipeline.addBefore(handshake, PipelineNames.ENCODER, new FrameEncoder(keys));
    pipeline.addBefore(handshake, PipelineNames.DECODER, new FrameDecoder(decoderConfig));
    if (compression != null) {
      pipeline.addAfter(
          PipelineNames.DECODER,
          PipelineNames.INFLATER,
          new PerMessageDeflateDecoder(
              compression, options.maxMessageSize(), !options.skipUtf8Validation()));
      pipeline.addAfter(
          PipelineNames.INFLATER,
          PipelineNames.DEFLATER,
          new PerMessageDeflateEncoder(compression, options.deflate()));
    }
    if (pipeline.get(PipelineNames.TRACE_RAW) instanceof TraceHandlers.Raw raw) {
      raw.upgraded();
    }
    // Right after the handshake handler, not last: a Netty user's own handlers come after ours.
    ProtocolHandler protocol = new ProtocolHandler(options.closeTimeout());
    pipeline.addAfter(handshake, PipelineNames.PROTOCOL, protocol);
    if (tracer.enabled()) {
      pipeline.addAfter(handshake, PipelineNames.TRACE_FRAMES, new TraceHandlers.Frames(tracer));
    }
    Connection connection =
        new Connection(
            pipeline.channel(),
            response,
            options.closeTimeout(),
            options.sendBufferBytes(),
            protocol,
            supplied);
    protocol.bind(connection, listenerFactory.apply(connection));
    return connection;
  }

  private DeflateParameters negotiateDeflate(HandshakeResponse response)
      throws WebSocketProtocolException {
    try {
      return deflate.negotiate(response.extensions()).orElse(null);
    } catch (ProtocolViolationException e) {
      throw new WebSocketProtocolException(e.closeStatus(), e.getMessage(), e);
    }
  }
}
