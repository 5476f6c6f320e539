package dev.websocket.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.proxy.testing.EchoServer;
import dev.websocket.proxy.testing.HttpConnectProxyServer;
import dev.websocket.proxy.testing.HttpConnectRequest;
import io.netty.handler.proxy.HttpProxyHandler;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HTTP CONNECT proxies, through {@link HttpConnectProxyServer}, with a plain Netty client. */
@Timeout(30)
class HttpProxyTunnelTest {

  private static final byte[] PAYLOAD = "hello through the tunnel".getBytes(StandardCharsets.UTF_8);

  private static EchoServer echo;
  private static TunnelClient client;

  @BeforeAll
  static void start() {
    echo = EchoServer.start();
    client = new TunnelClient();
  }

  @AfterAll
  static void stop() {
    client.close();
    echo.close();
  }

  @Test
  void bytesReachTheDestinationAndComeBackThroughTheTunnel() throws Exception {
    try (HttpConnectProxyServer proxy = HttpConnectProxyServer.start();
        TunnelClient.Tunnel tunnel = client.open(proxy.proxy(), echo.host(), echo.port())) {
      assertArrayEquals(PAYLOAD, tunnel.exchange(PAYLOAD));
      assertEquals(1, proxy.requests().size());
      HttpConnectRequest request = proxy.requests().get(0);
      assertEquals("CONNECT", request.method());
      assertEquals("127.0.0.1:" + echo.port(), request.target());
      assertEquals(Optional.empty(), request.header("Proxy-Authorization"));
    }
  }

  @Test
  void theConnectLineCarriesTheDestinationNameForTheProxyToResolve() throws Exception {
    try (HttpConnectProxyServer proxy =
            HttpConnectProxyServer.builder().alias("echo.test", loopback()).start();
        TunnelClient.Tunnel tunnel = client.open(proxy.proxy(), "echo.test", echo.port())) {
      assertArrayEquals(PAYLOAD, tunnel.exchange(PAYLOAD));
      assertEquals("echo.test:" + echo.port(), proxy.requests().get(0).target());
    }
  }

  @Test
  void basicCredentialsAreSentWhenTheProxyRequiresThem() throws Exception {
    try (HttpConnectProxyServer proxy =
            HttpConnectProxyServer.builder().basicAuth("alice", "s3cret").start();
        TunnelClient.Tunnel tunnel =
            client.open(proxy.proxy().withAuth("alice", "s3cret"), echo.host(), echo.port())) {
      assertArrayEquals(PAYLOAD, tunnel.exchange(PAYLOAD));
      assertEquals(
          Optional.of("Basic " + base64("alice:s3cret")),
          proxy.requests().get(0).header("Proxy-Authorization"));
    }
  }

  @Test
  void percentEncodedCredentialsFromAUrlReachTheProxyDecoded() throws Exception {
    try (HttpConnectProxyServer proxy =
        HttpConnectProxyServer.builder().basicAuth("al@ice", "p:ss w/rd").start()) {
      ProxyConfig config =
          ProxyConfig.parse("http://al%40ice:p%3Ass%20w%2Frd@127.0.0.1:" + proxy.port());
      try (TunnelClient.Tunnel tunnel = client.open(config, echo.host(), echo.port())) {
        assertArrayEquals(PAYLOAD, tunnel.exchange(PAYLOAD));
      }
    }
  }

  @Test
  void aProxyThatWantsCredentialsFailsWith407AuthenticationRequired() {
    try (HttpConnectProxyServer proxy =
        HttpConnectProxyServer.builder().basicAuth("alice", "s3cret").start()) {
      ProxyException e =
          assertThrows(
              ProxyException.class, () -> client.open(proxy.proxy(), echo.host(), echo.port()));
      assertEquals(
          "HTTP proxy 127.0.0.1:"
              + proxy.port()
              + " (to 127.0.0.1:"
              + echo.port()
              + "): "
              + "proxy authentication required (407 Proxy Authentication Required)",
          e.getMessage());
      assertInstanceOf(HttpProxyHandler.HttpProxyConnectException.class, e.getCause());
      assertEquals(proxy.proxy(), e.proxy());
    }
  }

  @Test
  void wrongCredentialsFailWith407AuthenticationFailedAndNeverShowThePassword() {
    try (HttpConnectProxyServer proxy =
        HttpConnectProxyServer.builder().basicAuth("alice", "s3cret").start()) {
      ProxyConfig config = proxy.proxy().withAuth("alice", "wrong-password");
      ProxyException e =
          assertThrows(ProxyException.class, () -> client.open(config, echo.host(), echo.port()));
      assertEquals("proxy authentication failed (407 Proxy Authentication Required)", e.reason());
      assertNoSecretIn(e, "wrong-password");
    }
  }

  @Test
  void aConnectAnswered403FailsWithTheStatus() {
    try (HttpConnectProxyServer proxy =
        HttpConnectProxyServer.builder().reply(403, "Forbidden").start()) {
      ProxyException e =
          assertThrows(
              ProxyException.class, () -> client.open(proxy.proxy(), echo.host(), echo.port()));
      assertEquals("CONNECT refused with 403 Forbidden", e.reason());
      assertTrue(e.getMessage().startsWith("HTTP proxy 127.0.0.1:" + proxy.port() + " "));
    }
  }

  @Test
  void aConnectAnswered502FailsWithTheStatus() {
    try (HttpConnectProxyServer proxy =
        HttpConnectProxyServer.builder().reply(502, "Bad Gateway").start()) {
      ProxyException e =
          assertThrows(
              ProxyException.class, () -> client.open(proxy.proxy(), echo.host(), echo.port()));
      assertEquals("CONNECT refused with 502 Bad Gateway", e.reason());
    }
  }

  @Test
  void anUnreachableDestinationMakesTheProxyAnswer502() throws IOException {
    int closedPort = closedPort();
    try (HttpConnectProxyServer proxy = HttpConnectProxyServer.start()) {
      ProxyException e =
          assertThrows(
              ProxyException.class, () -> client.open(proxy.proxy(), "127.0.0.1", closedPort));
      assertEquals("CONNECT refused with 502 Bad Gateway", e.reason());
      assertEquals(Optional.of("127.0.0.1:" + closedPort), e.destination());
    }
  }

  @Test
  void aProxyThatNeverAnswersTimesOutAfterTheConfiguredTimeout() {
    try (HttpConnectProxyServer proxy = HttpConnectProxyServer.builder().stall().start()) {
      ProxyConfig config = proxy.proxy().withConnectTimeout(Duration.ofMillis(300));
      ProxyException e =
          assertThrows(ProxyException.class, () -> client.open(config, echo.host(), echo.port()));
      assertEquals("proxy timed out after 300ms", e.reason());
      assertEquals(1, proxy.requests().size(), "the proxy did receive the CONNECT");
    }
  }

  @Test
  void aProxyThatClosesWithoutAnsweringIsReportedAsSuch() {
    try (HttpConnectProxyServer proxy =
        HttpConnectProxyServer.builder().closeWithoutAnswer().start()) {
      ProxyException e =
          assertThrows(
              ProxyException.class, () -> client.open(proxy.proxy(), echo.host(), echo.port()));
      assertEquals("proxy closed the connection before the tunnel was established", e.reason());
    }
  }

  @Test
  void aProxyThatRefusesTheConnectionIsUnreachable() throws IOException {
    ProxyConfig config = ProxyConfig.http("127.0.0.1", closedPort());
    ProxyException e =
        assertThrows(ProxyException.class, () -> client.open(config, echo.host(), echo.port()));
    assertEquals(
        "HTTP proxy "
            + config.authority()
            + " (to 127.0.0.1:"
            + echo.port()
            + "): "
            + "proxy unreachable (connection refused)",
        e.getMessage());
    assertInstanceOf(ConnectException.class, e.getCause());
  }

  @Test
  void aProxyHostNameThatDoesNotResolveIsReportedAsSuch() {
    ProxyConfig config = ProxyConfig.http("no-such-proxy.invalid", 3128);
    ProxyException e =
        assertThrows(ProxyException.class, () -> client.open(config, echo.host(), echo.port()));
    assertEquals("proxy host name could not be resolved", e.reason());
  }

  @Test
  void theLowLevelBootstrapPathTunnelsToo() throws Exception {
    try (HttpConnectProxyServer proxy =
            HttpConnectProxyServer.builder().alias("echo.test", loopback()).start();
        TunnelClient.Tunnel tunnel =
            client.openWithBootstrap(
                proxy.proxy(),
                "echo.test",
                echo.port(),
                io.netty.resolver.NoopAddressResolverGroup.INSTANCE)) {
      assertArrayEquals(PAYLOAD, tunnel.exchange(PAYLOAD));
      assertEquals("echo.test:" + echo.port(), proxy.requests().get(0).target());
    }
  }

  static void assertNoSecretIn(Throwable failure, String secret) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains(secret), "message of " + t);
      assertFalse(t.toString().contains(secret), "toString of " + t);
    }
  }

  /** A loopback port with nothing listening: bound, then released. */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static InetAddress loopback() {
    return echo.address().getAddress();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
