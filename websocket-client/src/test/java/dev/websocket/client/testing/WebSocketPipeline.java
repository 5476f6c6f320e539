package dev.websocket.client.testing;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;

/**
 * The handlers of an upgraded connection, all Netty's own except the tap and the behaviour, so the
 * client is checked against a framing implementation independent of ours: {@code [tls] frame-tap
 * ws-encoder ws-decoder [deflate-encoder deflate-decoder] ws-aggregator frame-behaviour
 * connection}.
 */
final class WebSocketPipeline {

  private WebSocketPipeline() {}

  /**
   * Adds the WebSocket handlers right after the handler named {@code after}: the HTTP decoder,
   * which the caller then removes, or the adapter of an HTTP/2 stream ({@link StreamBytes}).
   */
  static void install(
      ChannelPipeline p,
      String after,
      ServerConnection connection,
      TestServerConfig config,
      WebSocketServerExtension deflate) {
    WebSocketDecoderConfig decoderConfig =
        WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(config.maxPayload)
            .expectMaskedFrames(true)
            .allowMaskMismatch(config.allowUnmaskedFrames)
            .allowExtensions(deflate != null || config.allowExtensionBits)
            .withUTF8Validator(config.validateUtf8)
            .closeOnProtocolViolation(true)
            .build();
    String last = after;
    if (config.recordFrames) {
      p.addAfter(
          last,
          "frame-tap",
          new FrameTap(
              new RawFrameParser(connection.id(), config.maxPayload), connection::frameReceived));
      last = "frame-tap";
    }
    // The encoder sits before (nearer the socket than) the decoder, because the decoder writes
    // its own close frame on a protocol violation and that write only passes handlers before it.
    // A server never masks, hence false.
    p.addAfter(last, "ws-encoder", new WebSocket08FrameEncoder(false));
    p.addAfter("ws-encoder", "ws-decoder", new WebSocket08FrameDecoder(decoderConfig));
    last = "ws-decoder";
    if (deflate != null) {
      p.addAfter(last, "deflate-encoder", deflate.newExtensionEncoder());
      p.addAfter("deflate-encoder", "deflate-decoder", deflate.newExtensionDecoder());
      last = "deflate-decoder";
    }
    p.addAfter(last, "ws-aggregator", new WebSocketFrameAggregator(config.maxPayload));
    p.addAfter("ws-aggregator", "frame-behaviour", new FrameBehaviour(connection, config));
  }
}
