package dev.websocket.client.internal;

import dev.websocket.client.TlsOptions;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.time.Duration;

/**
 * One opening handshake on one channel, what {@link Connector#connect} and {@link
 * Connector#install} share: TLS for wss, the raw trace tap, the HTTP decoder and the handshake
 * handler, which on a valid 101 installs the {@link UpgradedPipeline} in the same read.
 *
 * <p>{@link #response()} completes on the channel's event loop with the 101 or a redirect, or fails
 * with the reason; after a 101, {@link #connection()} is the upgraded connection.
 */
final class OpeningHandshake {

  private final Promise<HandshakeResponse> response;
  private final Tracer tracer;
  private final HandshakeHandler handler;
  private volatile Connection connection;

  OpeningHandshake(
      HandshakeRequest request,
      UpgradedPipeline upgraded,
      Tracer tracer,
      Promise<HandshakeResponse> response) {
    this.response = response;
    this.tracer = tracer;
    HandshakeHandler.Upgrade upgrade =
        (pipeline, validated) -> connection = upgraded.install(pipeline, validated);
    this.handler =
        new HandshakeHandler(request, response, upgraded.acceptedExtensions(), upgrade, tracer);
  }

  /** The handshake's outcome: a 101 or a redirect, else the failure. */
  Promise<HandshakeResponse> response() {
    return response;
  }

  /** The upgraded connection, once {@link #response()} completed with a 101; else null. */
  Connection connection() {
    return connection;
  }

  /**
   * Adds the handshake's handlers at the end of {@code pipeline} (after any proxy handler); the
   * request goes out when the channel is active, at once if it already is.
   *
   * @param tlsTimeout the limit for the TLS handshake of a wss URL
   * @throws IOException when the TLS context cannot be built from the options
   */
  void install(ChannelPipeline pipeline, WebSocketUrl url, TlsOptions tls, Duration tlsTimeout)
      throws IOException {
    if (url.isSecure()) {
      pipeline.addLast(
          PipelineNames.SSL,
          TlsContexts.newHandler(tls, pipeline.channel().alloc(), url, tlsTimeout));
    }
    installOverTls(pipeline);
  }

  /**
   * Adds the handshake's handlers but TLS at the end of {@code pipeline}: for a connection whose
   * TLS handler is in place (and has maybe finished its handshake) already.
   */
  void installOverTls(ChannelPipeline pipeline) {
    if (tracer.enabled()) {
      pipeline.addLast(PipelineNames.TRACE_RAW, new TraceHandlers.Raw(tracer));
    }
    HandshakeHandler.install(pipeline, handler);
  }
}
