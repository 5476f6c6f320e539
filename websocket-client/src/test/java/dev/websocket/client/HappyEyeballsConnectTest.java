package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.websocket.client.testing.BlackHole;
import dev.websocket.client.testing.NameResolver;
import dev.websocket.client.testing.OpenSockets;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.proxy.testing.HttpConnectProxyServer;
import io.netty.bootstrap.Bootstrap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Happy Eyeballs (RFC 8305) through the front door: a name that resolves to {@code ::1}, where
 * connects get no answer, and to {@code 127.0.0.1}, where the server is, connects in about the
 * attempt delay instead of the connect timeout, leaves no descriptor behind, and the trace says
 * which address won. The name is known only to a resolver handed in with the options' bootstrap.
 */
class HappyEyeballsConnectTest {

  private static final String NAME = "dual-stack.test";

  /** The connect timeout: a connect that took this long waited for the black hole. */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ByteArrayOutputStream traced = new ByteArrayOutputStream();
  private TestWebSocketServer server;
  private BlackHole hole;

  @BeforeEach
  void start() throws IOException {
    assumeIpv6Loopback();
    server = TestWebSocketServer.echo();
    hole = BlackHole.at(InetAddress.getByName("::1"), server.port());
  }

  @AfterEach
  void stop() throws IOException {
    WebSocket.enableTrace(false);
    if (hole != null) {
      hole.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aBlackHoledIpv6AddressCostsOneDelayNotTheConnectTimeout() {
    WebSocket.enableTrace(true, new PrintStream(traced, true, StandardCharsets.UTF_8));
    assertTimeoutPreemptively(
        TIMEOUT.dividedBy(3),
        () -> {
          try (WebSocket ws =
              WebSocket.connect("ws://" + NAME + ":" + server.port() + "/", options().build())) {
            ws.send("over IPv4");
            assertEquals("over IPv4", ws.recv().text());
          }
        });
    String trace = traced.toString(StandardCharsets.UTF_8);
    assertTrue(
        trace.startsWith(
            "--- connecting to [0:0:0:0:0:0:0:1]:" + server.port() + " (address 1 of 2) ---\n"),
        trace);
    assertTrue(
        trace.contains(
            "--- connected to 127.0.0.1:" + server.port() + " ---\n--- request header ---\n"),
        trace);
  }

  @Test
  void theLosingAttemptLeavesNoDescriptorBehind() throws Exception {
    assumeTrue(OpenSockets.readable(), "needs /proc/self/fd and /proc/net/tcp6");
    InetSocketAddress blackHole = hole.address();
    try (SocketChannel pending = SocketChannel.open()) {
      pending.configureBlocking(false);
      pending.connect(blackHole);
      assertEquals(
          1, OpenSockets.connectingTo(blackHole), "a connect left hanging there is counted");
    }
    assertEquals(0, OpenSockets.awaitConnectingTo(blackHole, 0));

    try (WebSocket ws =
        WebSocket.connect("ws://" + NAME + ":" + server.port() + "/", options().build())) {
      assertTrue(ws.isConnected());
      // The attempt to the black hole had been waiting a delay when the other one won: it is
      // closed.
      assertEquals(0, OpenSockets.awaitConnectingTo(blackHole, 0));
    }
  }

  @Test
  void turnedOffTheFirstAddressIsAllThereIsAndItsTimeoutIsWaitedFor() throws IOException {
    ConnectOptions off = options().happyEyeballs(false).timeout(Duration.ofMillis(500)).build();
    WebSocketTimeoutException e =
        assertThrows(
            WebSocketTimeoutException.class,
            () -> WebSocket.connect("ws://" + NAME + ":" + server.port() + "/", off));
    assertTrue(e.getMessage().contains("timed out"), e.getMessage());
  }

  @Test
  void theConnectToAProxyIsRaced() throws Exception {
    try (HttpConnectProxyServer proxy = HttpConnectProxyServer.start();
        BlackHole proxyHole = BlackHole.at(InetAddress.getByName("::1"), proxy.port())) {
      WebSocket.enableTrace(true, new PrintStream(traced, true, StandardCharsets.UTF_8));
      ConnectOptions viaProxy =
          options().proxy(dev.websocket.proxy.ProxyConfig.http(NAME, proxy.port())).build();
      assertTimeoutPreemptively(
          TIMEOUT.dividedBy(3),
          () -> {
            try (WebSocket ws = WebSocket.connect(server.uri("/"), viaProxy)) {
              ws.send("through the proxy");
              assertEquals("through the proxy", ws.recv().text());
            }
          });
      assertEquals(1, proxy.requests().size(), "the tunnel went through the proxy");
      String trace = traced.toString(StandardCharsets.UTF_8);
      assertTrue(trace.contains("--- connected to 127.0.0.1:" + proxy.port() + " ---\n"), trace);
    }
  }

  @Test
  void theDelayIsAtLeastTenMilliseconds() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConnectOptions.builder().happyEyeballsDelay(Duration.ofMillis(9)));
    assertEquals(
        "happyEyeballsDelay must be at least 10 ms (RFC 8305 section 5): PT0.009S", e.getMessage());
    assertEquals(
        ConnectOptions.DEFAULT_HAPPY_EYEBALLS_DELAY, ConnectOptions.DEFAULT.happyEyeballsDelay());
    assertTrue(ConnectOptions.DEFAULT.happyEyeballs());
  }

  /**
   * {@link #NAME} resolves IPv6 first, so that a client that does not race tries the black hole.
   */
  private static ConnectOptions.Builder options() throws IOException {
    NameResolver resolver =
        NameResolver.of(NAME, InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1"));
    return ConnectOptions.builder()
        .bootstrap(new Bootstrap().resolver(resolver))
        .timeout(TIMEOUT)
        .proxyFromEnvironment(false);
  }

  private static void assumeIpv6Loopback() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      assumeTrue(probe.isBound());
    } catch (IOException e) {
      assumeTrue(false, "no IPv6 loopback here (" + e + ")");
    }
  }
}
