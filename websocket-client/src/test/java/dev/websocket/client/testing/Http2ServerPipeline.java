package dev.websocket.client.testing;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.function.IntSupplier;

/**
 * The pipeline of a connection accepted by the HTTP/2 variant of the {@link TestWebSocketServer}
 * (h2c with prior knowledge): Netty's HTTP/2 server codec with {@code
 * SETTINGS_ENABLE_CONNECT_PROTOCOL = 1} (RFC 8441 section 3) and its stream multiplexer. Each
 * stream is one {@link ServerConnection}, whose pipeline is {@code h2-stream handshake connection}
 * until the extended CONNECT is answered and then the upgraded connection's handlers after {@code
 * h2-stream} ({@link WebSocketPipeline}), so every test of the server behaves the same on a stream.
 * An {@link Http2FlowWatch} sees the connection's frames, for tests of flow control.
 */
final class Http2ServerPipeline {

  private Http2ServerPipeline() {}

  static void init(
      Channel channel,
      IntSupplier nextConnectionId,
      ServerEvents events,
      HandshakeScript script,
      TestServerConfig config) {
    Http2Settings settings =
        Http2Settings.defaultSettings().maxConcurrentStreams(1000).connectProtocolEnabled(true);
    Http2FlowWatch flow = new Http2FlowWatch();
    flow.attach(channel);
    ChannelPipeline p = channel.pipeline();
    p.addLast(
        "h2-codec",
        Http2FrameCodecBuilder.forServer().initialSettings(settings).frameLogger(flow).build());
    p.addLast(
        "h2-multiplex",
        new Http2MultiplexHandler(
            new ChannelInitializer<Http2StreamChannel>() {
              @Override
              protected void initChannel(Http2StreamChannel stream) {
                ServerConnection connection =
                    new ServerConnection(nextConnectionId.getAsInt(), stream, config, events);
                events.connections.add(connection);
                stream.pipeline().addLast(StreamBytes.NAME, new StreamBytes());
                stream
                    .pipeline()
                    .addLast(
                        HandshakeResponder.NAME,
                        new Http2HandshakeResponder(connection, script, config));
                stream
                    .pipeline()
                    .addLast(ServerPipeline.CONNECTION, new ConnectionTracker(connection));
              }
            }));
    p.addLast("h2-errors", new ConnectionErrors(events));
  }

  /** Records errors of the connection itself (a broken preface, a connection error) and closes. */
  private static final class ConnectionErrors extends ChannelInboundHandlerAdapter {
    private final ServerEvents events;

    ConnectionErrors(ServerEvents events) {
      this.events = events;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      // SETTINGS, PING and the like: the codec has acted on them already
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      events.errors.add(cause);
      ctx.close();
    }
  }
}
