package dev.websocket.benchmarks.e2e;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * The echo servers of the end-to-end comparison, each run in its own JVM so that no client shares a
 * heap, a JIT or an event loop with it.
 *
 * <ul>
 *   <li>{@code ws}: Netty's own websocketx server handlers, a neutral server that favours no client
 *       (this project's codec is client-side; using it here would test it against itself). No
 *       extensions, so no compression; frames up to {@link #MAX_FRAME_BYTES}. Each data frame is
 *       echoed as it came (opcode, FIN), written at once and flushed once per read.
 *   <li>{@code raw}: the ceiling: bytes echoed as they arrive, with the same flush policy.
 * </ul>
 *
 * <p>Epoll when the native transport loads, NIO otherwise; one event loop thread, since the box has
 * two cores and the client needs the other. Prints {@code PORT <n>} once listening on a free
 * loopback port, then serves until killed.
 */
public final class EchoServer {

  /** The largest frame the WebSocket server accepts: 16 MiB, well above the 1 MiB workload. */
  static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

  private EchoServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !(args[0].equals("ws") || args[0].equals("raw"))) {
      System.err.println("usage: EchoServer ws|raw");
      System.exit(2);
    }
    boolean ws = args[0].equals("ws");
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    Class<? extends ServerChannel> channelClass =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    Channel server =
        new ServerBootstrap()
            .group(group)
            .channel(channelClass)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    if (ws) {
                      ch.pipeline()
                          .addLast(
                              new HttpServerCodec(),
                              new HttpObjectAggregator(64 * 1024),
                              new WebSocketServerProtocolHandler(wsConfig()),
                              new FrameEcho());
                    } else {
                      ch.pipeline().addLast(new ByteEcho());
                    }
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
    System.out.println(
        "PORT "
            + ((InetSocketAddress) server.localAddress()).getPort()
            + " transport="
            + (epoll ? "epoll" : "nio"));
    System.out.flush();
    server.closeFuture().sync();
  }

  private static WebSocketServerProtocolConfig wsConfig() {
    return WebSocketServerProtocolConfig.newBuilder()
        .websocketPath("/")
        .checkStartsWith(true)
        .handleCloseFrames(true)
        .dropPongFrames(true)
        .decoderConfig(
            WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(MAX_FRAME_BYTES)
                .allowExtensions(false)
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .build())
        .build();
  }

  /** Both echoes: written as read, flushed once per read, closed on any error. */
  abstract static class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** Echoes every data frame as it came; control frames are the protocol handler's. */
  @ChannelHandler.Sharable
  static final class FrameEcho extends Echo {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof BinaryWebSocketFrame
          || msg instanceof TextWebSocketFrame
          || msg instanceof ContinuationWebSocketFrame) {
        ctx.write(msg, ctx.voidPromise());
      } else {
        ReferenceCountUtil.release(msg);
      }
    }
  }

  /** Echoes bytes as they arrive. */
  @ChannelHandler.Sharable
  static final class ByteEcho extends Echo {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg, ctx.voidPromise());
    }
  }
}
