package dev.websocket.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.websocket.client.testing.BlackHole;
import dev.websocket.client.testing.NameResolver;
import dev.websocket.client.testing.OpenSockets;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPipelineException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RacingConnect} on loopback, over both transports' sockets: a name that resolves to {@code
 * ::1}, where nothing answers, and to {@code 127.0.0.1}, where a server listens.
 */
class RacingConnectTest {

  /** Far above the attempt delay: a connect that took this long waited for the broken address. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration DELAY = Duration.ofMillis(250);
  private static final String NAME = "dual-stack.test";

  private static EventLoopGroup nio;
  private final ByteArrayOutputStream traced = new ByteArrayOutputStream();
  private final Tracer tracer = Tracer.to(new PrintStream(traced, true, StandardCharsets.UTF_8));
  private ServerSocket server;

  @BeforeAll
  static void startLoop() {
    nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterAll
  static void stopLoop() {
    nio.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  @Test
  void aBlackHoledIpv6AddressCostsOneDelayNotTheConnectTimeout() throws Exception {
    try (BlackHole hole = blackHoleOnIpv6(server.getLocalPort())) {
      List<String> events = new CopyOnWriteArrayList<>();
      Channel channel =
          assertTimeoutPreemptively(
              CONNECT_TIMEOUT.dividedBy(3),
              () ->
                  connect(
                          bootstrap(
                              Transports.sharedGroup(),
                              Transports.socketChannel(Transports.sharedGroup()),
                              events),
                          RacingConnect.DIRECT)
                      .get());
      try {
        assertEquals(
            new InetSocketAddress("127.0.0.1", server.getLocalPort()), channel.remoteAddress());
        assertEquals(
            List.of("handler added", "active"),
            events,
            "the winner's handler sees channelActive once");
        String trace = traced.toString(StandardCharsets.UTF_8);
        assertTrue(
            trace.startsWith(
                "--- connecting to [0:0:0:0:0:0:0:1]:"
                    + server.getLocalPort()
                    + " (address 1 of 2) ---\n"
                    + "--- connecting to 127.0.0.1:"
                    + server.getLocalPort()
                    + " (address 2 of 2) ---\n"),
            trace);
        assertTrue(
            trace.endsWith("--- connected to 127.0.0.1:" + server.getLocalPort() + " ---\n"),
            trace);
      } finally {
        channel.close().syncUninterruptibly();
      }
    }
  }

  @Test
  void theLosingAttemptLeavesNoDescriptorBehind() throws Exception {
    assumeTrue(OpenSockets.readable(), "needs /proc/self/fd and /proc/net/tcp6");
    try (BlackHole hole = blackHoleOnIpv6(server.getLocalPort())) {
      Bootstrap bootstrap = bootstrap(nio, NioSocketChannel.class, new CopyOnWriteArrayList<>());
      Channel channel =
          connect(bootstrap, RacingConnect.DIRECT)
              .get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      try {
        assertEquals(
            0,
            OpenSockets.awaitConnectingTo(hole.address(), 0),
            "the attempt to the black hole is closed");
      } finally {
        channel.close().syncUninterruptibly();
      }
    }
  }

  @Test
  void aRefusedIpv6AddressMovesOnAtOnce() throws Exception {
    assumeIpv6Loopback();
    // Nothing listens on [::1] at the server's port: the first attempt is refused, and the second
    // starts without waiting for the delay. A delay as long as the test's limit shows it.
    Bootstrap bootstrap = bootstrap(nio, NioSocketChannel.class, new CopyOnWriteArrayList<>());
    Channel channel =
        assertTimeoutPreemptively(
            CONNECT_TIMEOUT.dividedBy(3),
            () ->
                RacingConnect.connect(
                        bootstrap,
                        resolver(),
                        NAME,
                        server.getLocalPort(),
                        CONNECT_TIMEOUT,
                        tracer,
                        RacingConnect.DIRECT)
                    .get());
    try {
      assertEquals(
          new InetSocketAddress("127.0.0.1", server.getLocalPort()), channel.remoteAddress());
      assertTrue(
          traced
              .toString(StandardCharsets.UTF_8)
              .contains("--- connect to [0:0:0:0:0:0:0:1]:" + server.getLocalPort() + " failed: "),
          traced.toString(StandardCharsets.UTF_8));
    } finally {
      channel.close().syncUninterruptibly();
    }
  }

  @Test
  void whenEveryAddressFailsTheFirstFailureIsReported() throws Exception {
    assumeIpv6Loopback();
    int port = server.getLocalPort();
    server.close();
    Bootstrap bootstrap = bootstrap(nio, NioSocketChannel.class, new CopyOnWriteArrayList<>());
    Future<Channel> connect = connect(bootstrap, RacingConnect.DIRECT, port);
    assertTrue(connect.await(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    assertInstanceOf(ConnectException.class, connect.cause());
    assertEquals(
        1, connect.cause().getSuppressed().length, "the other address's failure rides along");
  }

  @Test
  void anUnknownNameFailsWithTheResolversError() throws Exception {
    Bootstrap bootstrap = bootstrap(nio, NioSocketChannel.class, new CopyOnWriteArrayList<>());
    Future<Channel> connect =
        RacingConnect.connect(
            bootstrap, resolver(), "unknown.test", 80, DELAY, tracer, RacingConnect.DIRECT);
    assertTrue(connect.await(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    assertInstanceOf(UnknownHostException.class, connect.cause());
  }

  @Test
  void aResolverThatReturnsNoAddressFailsTheConnect() throws Exception {
    Bootstrap bootstrap = bootstrap(nio, NioSocketChannel.class, new CopyOnWriteArrayList<>());
    Future<Channel> connect =
        RacingConnect.connect(
            bootstrap,
            NameResolver.of("empty.test"),
            "empty.test",
            80,
            DELAY,
            tracer,
            RacingConnect.DIRECT);
    assertTrue(connect.await(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    assertInstanceOf(UnknownHostException.class, connect.cause());
    assertEquals("empty.test: the resolver returned no address", connect.cause().getMessage());
  }

  @Test
  void aHandlerThatCannotBeAddedFailsTheConnectAndClosesTheWinner() throws Exception {
    assumeIpv6Loopback();
    Bootstrap bootstrap =
        new Bootstrap()
            .group(nio)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInboundHandlerAdapter()); // not @Sharable: the second connect cannot add
    // it
    connect(bootstrap, RacingConnect.DIRECT)
        .get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .close()
        .syncUninterruptibly();
    server.accept().close();
    Future<Channel> second = connect(bootstrap, RacingConnect.DIRECT);
    assertTrue(second.await(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    assertInstanceOf(ChannelPipelineException.class, second.cause());
    server.accept().close();
  }

  @Test
  void eachAttemptIsPreparedForItsOwnAddress() throws Exception {
    try (BlackHole hole = blackHoleOnIpv6(server.getLocalPort())) {
      List<String> prepared = new CopyOnWriteArrayList<>();
      RacingConnect.Setup setup =
          (ChannelPipeline pipeline, InetSocketAddress address) -> {
            prepared.add(HappyEyeballs.describe(address));
            pipeline.addLast("marker-" + prepared.size(), new ChannelInboundHandlerAdapter());
            return address;
          };
      Channel channel =
          connect(bootstrap(nio, NioSocketChannel.class, new CopyOnWriteArrayList<>()), setup)
              .get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      try {
        int port = server.getLocalPort();
        assertEquals(List.of("[0:0:0:0:0:0:0:1]:" + port, "127.0.0.1:" + port), prepared);
        assertTrue(
            channel.pipeline().names().contains("marker-2"), channel.pipeline().names().toString());
        assertFalse(
            channel.pipeline().names().contains(PipelineNames.RACE_GATE),
            "the gate is gone once open");
        assertFalse(channel.pipeline().names().contains(PipelineNames.RACE_SINK));
      } finally {
        channel.close().syncUninterruptibly();
      }
    }
  }

  // ------------------------------------------------------------------ fixtures

  private Future<Channel> connect(Bootstrap bootstrap, RacingConnect.Setup setup) {
    return connect(bootstrap, setup, server.getLocalPort());
  }

  private Future<Channel> connect(Bootstrap bootstrap, RacingConnect.Setup setup, int port) {
    return RacingConnect.connect(bootstrap, resolver(), NAME, port, DELAY, tracer, setup);
  }

  /**
   * {@link #NAME} resolves IPv4 first, as the JDK orders it by default; the race still tries IPv6
   * first.
   */
  private static NameResolver resolver() {
    try {
      return NameResolver.of(
          NAME, InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"));
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static Bootstrap bootstrap(
      EventLoopGroup group, Class<? extends Channel> type, List<String> events) {
    return new Bootstrap()
        .group(group)
        .channel(type)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                events.add("handler added");
                ch.pipeline()
                    .addLast(
                        new ChannelInboundHandlerAdapter() {
                          @Override
                          public void channelActive(ChannelHandlerContext ctx) {
                            events.add("active");
                            ctx.fireChannelActive();
                          }
                        });
              }
            });
  }

  private static BlackHole blackHoleOnIpv6(int port) throws IOException {
    assumeIpv6Loopback();
    return BlackHole.at(InetAddress.getByName("::1"), port);
  }

  private static void assumeIpv6Loopback() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      assumeTrue(probe.isBound());
    } catch (IOException e) {
      assumeTrue(false, "no IPv6 loopback here (" + e + ")");
    }
  }
}
