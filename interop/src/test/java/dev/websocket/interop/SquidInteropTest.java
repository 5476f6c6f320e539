package dev.websocket.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.TlsOptions;
import dev.websocket.client.WebSocket;
import dev.websocket.client.WebSocketProxyException;
import dev.websocket.client.testing.TestCertificates;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.proxy.ProxyConfig;
import dev.websocket.proxy.ProxyEnvironment;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client through squid (Debian package squid) as an HTTP CONNECT proxy, for ws and wss, open
 * and with Basic authentication. The destinations are the client's in-process echo servers (plain
 * and TLS with the test CA): here the proxy is the program under test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SquidInteropTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String USER = "alice";
  private static final String PASSWORD = "s3cret-Pa55";

  private static final PeerGuard GUARD = new PeerGuard();
  private static Squid squid;
  private static TestWebSocketServer ws;
  private static TestWebSocketServer wss;

  @BeforeAll
  static void start() throws Exception {
    squid = GUARD.start(() -> Squid.start(USER, PASSWORD));
    ws = TestWebSocketServer.echo();
    wss = TestWebSocketServer.builder().tls().start();
  }

  @AfterAll
  static void stop() {
    try {
      if (squid != null) {
        squid.close();
      }
    } finally {
      if (ws != null) {
        ws.close();
      }
      if (wss != null) {
        wss.close();
      }
    }
  }

  @BeforeEach
  void requirePeer() {
    GUARD.assumeStarted();
  }

  private static ConnectOptions through(ProxyConfig proxy) {
    return ConnectOptions.builder()
        .timeout(WAIT)
        .proxy(proxy)
        .tls(
            TlsOptions.builder()
                .trustCertificates(TestCertificates.get().ca().certificatePem())
                .build())
        .build();
  }

  private static void assertEchoes(String url, ConnectOptions options) throws IOException {
    try (WebSocket socket = WebSocket.connect(url, options)) {
      socket.send("through squid");
      assertEquals("through squid", socket.recv().text());
      socket.send(new byte[] {1, 2, 3});
      assertEquals(3, socket.recv().bytes().length);
    }
  }

  @Test
  void wsWorksThroughAnOpenSquid() throws IOException {
    assertEchoes(ws.uri("/"), through(ProxyConfig.http("127.0.0.1", squid.openPort())));
  }

  @Test
  void wssWorksThroughAnOpenSquid() throws IOException {
    assertEchoes(wss.uri("/"), through(ProxyConfig.http("127.0.0.1", squid.openPort())));
  }

  @Test
  void wsWorksThroughSquidWithBasicAuthentication() throws IOException {
    assertEchoes(
        ws.uri("/"),
        through(ProxyConfig.http("127.0.0.1", squid.authPort()).withAuth(USER, PASSWORD)));
  }

  @Test
  void wssWorksThroughSquidWithBasicAuthentication() throws IOException {
    assertEchoes(
        wss.uri("/"),
        through(ProxyConfig.http("127.0.0.1", squid.authPort()).withAuth(USER, PASSWORD)));
  }

  @Test
  void aWrongPasswordFailsWith407NamingTheProxyButNotThePassword() {
    ProxyConfig proxy =
        ProxyConfig.http("127.0.0.1", squid.authPort()).withAuth(USER, "wrong-password");
    WebSocketProxyException e =
        assertThrows(
            WebSocketProxyException.class,
            () -> WebSocket.connect(ws.uri("/"), through(proxy)).close());
    String message = e.getMessage();
    assertTrue(message.contains("127.0.0.1:" + squid.authPort()), message);
    assertTrue(message.contains("407"), message);
    assertTrue(message.contains("authentication failed"), message);
    assertFalse(message.contains("wrong-password"), message);
  }

  @Test
  void noCredentialsFailWith407SayingAuthenticationIsRequired() {
    ProxyConfig proxy = ProxyConfig.http("127.0.0.1", squid.authPort());
    WebSocketProxyException e =
        assertThrows(
            WebSocketProxyException.class,
            () -> WebSocket.connect(ws.uri("/"), through(proxy)).close());
    String message = e.getMessage();
    assertTrue(message.contains("127.0.0.1:" + squid.authPort()), message);
    assertTrue(message.contains("407"), message);
    assertTrue(message.contains("authentication required"), message);
    // For wss the same refusal is covered by ClientRegressionTest.
  }

  // ---------------------------------------------------------------- squid named by the environment

  /**
   * http_proxy names squid's authenticating port: a connect that reaches the server went direct.
   */
  private static ConnectOptions.Builder squidInTheEnvironment(String noProxy) {
    return ConnectOptions.builder()
        .timeout(WAIT)
        .proxyEnvironment(
            ProxyEnvironment.of(
                Map.of("http_proxy", "http://127.0.0.1:" + squid.authPort(), "no_proxy", noProxy)));
  }

  @Test
  void theEnvironmentsNoProxyKeepsTheDestinationAwayFromSquid() throws IOException {
    assertEchoes(ws.uri("/"), squidInTheEnvironment("127.0.0.1").build());
  }

  @Test
  void theOptionsNoProxyIsAddedToTheEnvironments() throws IOException {
    assertEchoes(ws.uri("/"), squidInTheEnvironment("127.0.0.1").noProxy("example.com").build());
  }

  @Test
  void aDestinationNeitherListCoversGoesToTheEnvironmentsSquid() {
    ConnectOptions options = squidInTheEnvironment("example.com").noProxy("other.example").build();
    WebSocketProxyException e =
        assertThrows(
            WebSocketProxyException.class, () -> WebSocket.connect(ws.uri("/"), options).close());
    assertTrue(e.getMessage().contains("407"), e.getMessage());
  }
}
