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
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client through microsocks (Debian package microsocks), a SOCKS5 server requiring
 * username/password authentication (RFC 1929), with local (socks5) and proxy-side (socks5h) name
 * resolution, to the client's in-process echo servers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MicrosocksInteropTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String USER = "bob";
  private static final String PASSWORD = "s0cks-Pa55";

  private static final PeerGuard GUARD = new PeerGuard();
  private static Microsocks microsocks;
  private static TestWebSocketServer ws;
  private static TestWebSocketServer wss;

  @BeforeAll
  static void start() throws Exception {
    microsocks = GUARD.start(() -> Microsocks.start(USER, PASSWORD));
    ws = TestWebSocketServer.echo();
    wss = TestWebSocketServer.builder().tls().start();
  }

  @AfterAll
  static void stop() {
    try {
      if (microsocks != null) {
        microsocks.close();
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
      socket.send("through socks");
      assertEquals("through socks", socket.recv().text());
    }
  }

  @Test
  void wsWorksThroughSocks5WithAuthentication() throws IOException {
    assertEchoes(
        ws.uri("/"),
        through(ProxyConfig.socks5("127.0.0.1", microsocks.port()).withAuth(USER, PASSWORD)));
  }

  @Test
  void wssWorksThroughSocks5WithAuthentication() throws IOException {
    assertEchoes(
        wss.uri("/"),
        through(ProxyConfig.socks5("127.0.0.1", microsocks.port()).withAuth(USER, PASSWORD)));
  }

  @Test
  void wsWorksThroughSocks5hWithTheProxyResolvingLocalhost() throws IOException {
    assertEchoes(
        ws.uri("localhost", "/"),
        through(ProxyConfig.socks5h("127.0.0.1", microsocks.port()).withAuth(USER, PASSWORD)));
  }

  @Test
  void wssWorksThroughSocks5hWithTheProxyResolvingLocalhost() throws IOException {
    assertEchoes(
        wss.uri("localhost", "/"),
        through(ProxyConfig.socks5h("127.0.0.1", microsocks.port()).withAuth(USER, PASSWORD)));
  }

  @Test
  void aWrongPasswordFailsNamingTheProxyButNotThePassword() {
    ProxyConfig proxy =
        ProxyConfig.socks5("127.0.0.1", microsocks.port()).withAuth(USER, "wrong-password");
    WebSocketProxyException e =
        assertThrows(
            WebSocketProxyException.class,
            () -> WebSocket.connect(ws.uri("/"), through(proxy)).close());
    String message = e.getMessage();
    assertTrue(message.contains("127.0.0.1:" + microsocks.port()), message);
    assertTrue(message.contains("SOCKS5 authentication refused"), message);
    assertFalse(message.contains("wrong-password"), message);
  }

  @Test
  void noCredentialsFailSayingTheProxyRequiresAuthentication() {
    ProxyConfig proxy = ProxyConfig.socks5h("127.0.0.1", microsocks.port());
    WebSocketProxyException e =
        assertThrows(
            WebSocketProxyException.class,
            () -> WebSocket.connect(ws.uri("/"), through(proxy)).close());
    String message = e.getMessage();
    assertTrue(message.contains("127.0.0.1:" + microsocks.port()), message);
    assertTrue(message.contains("requires authentication"), message);
  }
}
