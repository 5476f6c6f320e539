package dev.websocket.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.proxy.testing.EchoServer;
import dev.websocket.proxy.testing.HttpConnectProxyServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ProxyTunnel}'s own promises: where the handler goes, timeouts, cancellation. */
@Timeout(30)
class ProxyTunnelTest {

  private static final long DEADLINE_MILLIS = TunnelClient.DEADLINE.toMillis();

  private static EventLoopGroup group;
  private static EchoServer echo;

  @BeforeAll
  static void start() {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    echo = EchoServer.start();
  }

  @AfterAll
  static void stop() {
    echo.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void theProxyHandlerGoesFirstInThePipelineAheadOfTheBootstrapsHandlers() throws Exception {
    try (HttpConnectProxyServer proxy = HttpConnectProxyServer.start()) {
      ChannelInboundHandlerAdapter application = new ChannelInboundHandlerAdapter();
      Future<Channel> tunnel =
          ProxyTunnel.open(bootstrap(application), proxy.proxy(), echo.host(), echo.port());
      Channel channel = tunnel.get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
      try {
        // Only the handler's own codec (HttpProxyHandler leaves an emptied wrapper) may precede it.
        List<String> names = channel.pipeline().names();
        int proxyAt = names.indexOf(ProxyHandlers.HANDLER_NAME);
        assertInstanceOf(ProxyHandler.class, channel.pipeline().get(ProxyHandlers.HANDLER_NAME));
        assertTrue(proxyAt <= 1, "proxy handler at " + proxyAt + " in " + names);
        assertTrue(names.indexOf(channel.pipeline().context(application).name()) > proxyAt);
      } finally {
        channel.close().await(DEADLINE_MILLIS);
      }
    }
  }

  @Test
  void theTcpConnectToTheProxyIsBoundedByTheProxyTimeout() throws Exception {
    try (HttpConnectProxyServer proxy = HttpConnectProxyServer.start()) {
      ProxyConfig config = proxy.proxy().withConnectTimeout(Duration.ofMillis(2500));
      Channel channel =
          ProxyTunnel.open(
                  bootstrap(new ChannelInboundHandlerAdapter()), config, echo.host(), echo.port())
              .get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
      try {
        assertEquals(2500, channel.config().getConnectTimeoutMillis());
      } finally {
        channel.close().await(DEADLINE_MILLIS);
      }
    }
  }

  @Test
  void cancellingTheTunnelFutureClosesTheChannel() throws Exception {
    try (HttpConnectProxyServer proxy = HttpConnectProxyServer.builder().stall().start()) {
      CompletableFuture<Channel> opened = new CompletableFuture<>();
      Bootstrap bootstrap =
          bootstrap(
              new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                  opened.complete(channel);
                }
              });
      Future<Channel> tunnel = ProxyTunnel.open(bootstrap, proxy.proxy(), echo.host(), echo.port());
      Channel channel = opened.get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
      assertTrue(tunnel.cancel(false));
      assertTrue(channel.closeFuture().await(DEADLINE_MILLIS), "channel closed");
    }
  }

  @Test
  void waitingForATunnelWithoutAProxyHandlerFailsAndClosesTheChannel() throws Exception {
    ChannelFuture connect = bootstrap(new ChannelInboundHandlerAdapter()).connect(echo.address());
    Future<Channel> tunnel = ProxyTunnel.whenEstablished(connect, ProxyConfig.http("127.0.0.1", 1));
    assertTrue(tunnel.await(DEADLINE_MILLIS));
    assertInstanceOf(IllegalStateException.class, tunnel.cause());
    assertTrue(connect.channel().closeFuture().await(DEADLINE_MILLIS), "channel closed");
  }

  private static Bootstrap bootstrap(io.netty.channel.ChannelHandler handler) {
    return new Bootstrap().group(group).channel(NioSocketChannel.class).handler(handler);
  }
}
