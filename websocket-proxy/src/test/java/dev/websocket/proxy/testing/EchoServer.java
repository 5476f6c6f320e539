package dev.websocket.proxy.testing;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on {@code 127.0.0.1} and an ephemeral port that sends back every byte it receives,
 * on as many connections as clients open.
 *
 * <pre>{@code
 * try (EchoServer echo = EchoServer.start()) {
 *   connectTo(echo.host(), echo.port());
 * }
 * }</pre>
 */
public final class EchoServer implements AutoCloseable {

  private final AtomicInteger connections = new AtomicInteger();
  private final LoopbackServer server;

  private EchoServer() {
    Echo echo = new Echo();
    server =
        new LoopbackServer(
            "echo-server",
            channel -> {
              connections.incrementAndGet();
              channel.pipeline().addLast(echo);
            });
  }

  /** Starts a server; it listens once this returns. */
  public static EchoServer start() {
    return new EchoServer();
  }

  /** The listening address. */
  public InetSocketAddress address() {
    return server.address();
  }

  /** The listening host, {@code 127.0.0.1}. */
  public String host() {
    return server.address().getAddress().getHostAddress();
  }

  /** The listening port. */
  public int port() {
    return server.address().getPort();
  }

  /** How many connections the server has accepted so far. */
  public int connectionCount() {
    return connections.get();
  }

  /** Stops listening and closes every connection. */
  @Override
  public void close() {
    server.close();
  }

  /** Writes each buffer back; the write takes ownership, so nothing is released here. */
  @ChannelHandler.Sharable
  private static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.writeAndFlush(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
