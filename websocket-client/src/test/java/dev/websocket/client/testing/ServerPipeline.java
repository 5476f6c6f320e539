package dev.websocket.client.testing;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * The pipeline of a freshly accepted connection, before the handshake: {@code [tls] http-decoder
 * handshake connection}.
 */
final class ServerPipeline {

  static final String TLS = "tls";
  static final String HTTP_DECODER = "http-decoder";
  static final String CONNECTION = "connection";

  /** Header limit generous enough for tests that send many or long custom headers. */
  private static final int MAX_HEADER_SIZE = 64 * 1024;

  private ServerPipeline() {}

  static void init(
      Channel channel,
      ServerConnection connection,
      HandshakeScript script,
      TestServerConfig config) {
    ChannelPipeline p = channel.pipeline();
    if (config.sslContext != null) {
      p.addLast(TLS, config.sslContext.newHandler(channel.alloc()));
    }
    p.addLast(
        HTTP_DECODER,
        new HttpRequestDecoder(new HttpDecoderConfig().setMaxHeaderSize(MAX_HEADER_SIZE)));
    p.addLast(HandshakeResponder.NAME, new HandshakeResponder(connection, script, config));
    p.addLast(CONNECTION, new ConnectionTracker(connection));
  }
}
