package dev.websocket.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.Http2Mode;
import dev.websocket.client.TlsOptions;
import dev.websocket.client.WebSocket;
import dev.websocket.client.testing.TestCertificates;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WebSockets over HTTP/2 with TLS and ALPN (RFC 8441) to Jetty 12: every story of the echo
 * contract, each WebSocket a stream of a shared h2 connection.
 */
class JettyHttp2InteropTest extends EchoPeerContract {

  private static final PeerGuard GUARD = new PeerGuard();
  private static JettyServer jetty;

  @BeforeAll
  static void startServer() throws Exception {
    jetty = GUARD.start(() -> JettyServer.start(JettyServer.Http2.WEBSOCKETS));
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (jetty != null) {
      jetty.close();
    }
  }

  @Override
  PeerGuard guard() {
    return GUARD;
  }

  @Override
  String url(String path) {
    return jetty.wssUrl(path);
  }

  @Override
  ConnectOptions.Builder options() {
    return ConnectOptions.builder()
        .timeout(WAIT)
        .proxyFromEnvironment(false)
        .http2(Http2Mode.REQUIRE)
        .tls(
            TlsOptions.builder()
                .trustCertificates(TestCertificates.get().ca().certificatePem())
                .build());
  }

  @Test
  void theWebSocketIsAnHttp2Stream() throws IOException {
    try (WebSocket ws = WebSocket.connect(url("/"), options().build())) {
      assertEquals("HTTP/2", ws.httpVersion());
      assertTrue(ws.isSecure(), "TLS is on the HTTP/2 connection the stream belongs to");
      assertEquals(200, ws.status());
      ws.send("over h2");
      assertEquals("over h2", ws.recv().text());
    }
  }

  @Test
  void aCookieSetByTheHttp2HandshakeIsSentOnTheNextConnect() throws IOException {
    ConnectOptions withJar = options().cookieHandler(new java.net.CookieManager()).build();
    try (WebSocket first = WebSocket.connect(url("/cookie/set"), withJar)) {
      assertEquals("HTTP/2", first.httpVersion());
    }
    try (WebSocket second = WebSocket.connect(url("/after"), withJar)) {
      second.send("with the cookie");
      assertEquals("with the cookie", second.recv().text());
    }
    List<String> seen = jetty.cookies();
    assertEquals("h2session=jetty1", seen.get(seen.size() - 1));
  }
}
