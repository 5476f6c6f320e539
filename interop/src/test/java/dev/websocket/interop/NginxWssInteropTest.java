package dev.websocket.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.Http2Mode;
import dev.websocket.client.TlsOptions;
import dev.websocket.client.WebSocket;
import dev.websocket.client.WebSocketTlsException;
import dev.websocket.client.testing.TestCertificates;
import java.io.IOException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client over wss to nginx (Debian package nginx), which terminates TLS with a certificate
 * signed by the test CA and proxies the upgrade to Python's websockets echo server. The CA is
 * trusted through {@link TlsOptions.Builder#trustCertificates}; the default options refuse it.
 */
class NginxWssInteropTest extends EchoPeerContract {

  private static final PeerGuard GUARD = new PeerGuard();
  private static EchoServer backend;
  private static Nginx nginx;

  @BeforeAll
  static void startServers() throws Exception {
    if (GUARD.start(() -> Programs.require("nginx", "the Debian package nginx")) == null) {
      return;
    }
    backend = GUARD.start(EchoServer::python);
    if (backend != null) {
      nginx = GUARD.start(() -> Nginx.wssProxyTo(backend.port()));
    }
  }

  @AfterAll
  static void stopServers() {
    try {
      if (nginx != null) {
        nginx.close();
      }
    } finally {
      if (backend != null) {
        backend.close();
      }
    }
  }

  @Override
  PeerGuard guard() {
    return GUARD;
  }

  @Override
  String url(String path) {
    return nginx.url("127.0.0.1", path);
  }

  @Override
  ConnectOptions.Builder options() {
    return ConnectOptions.builder()
        .timeout(WAIT)
        .proxyFromEnvironment(false)
        .tls(
            TlsOptions.builder()
                .trustCertificates(TestCertificates.get().ca().certificatePem())
                .build());
  }

  @Test
  void preferHttp2AgainstNginxWithoutHttp2UpgradesOnTheSameTlsConnection() throws IOException {
    long before;
    try (WebSocket plain = WebSocket.connect(url("/"), options().build())) {
      before = connectionSerial(plain);
    }
    // nginx answers ALPN with http/1.1 here: the upgrade runs on the probe's TLS connection.
    try (WebSocket ws = WebSocket.connect(url("/"), options().http2(Http2Mode.PREFER).build())) {
      assertEquals("HTTP/1.1", ws.httpVersion());
      ws.send("no h2 here");
      assertEquals("no h2 here", ws.recv().text());
      // nginx numbers its connections to the backend too: the plain WebSocket's took one. A
      // probe's connection of its own, then a second for the upgrade, would make it before + 3.
      assertEquals(before + 2, connectionSerial(ws), "one TCP connection for the PREFER connect");
    }
  }

  private static long connectionSerial(WebSocket ws) {
    return Long.parseLong(ws.headers().get("x-connection").get(0));
  }

  @Test
  void theHostNameLocalhostMatchesTheCertificateToo() throws IOException {
    try (WebSocket ws = WebSocket.connect(nginx.url("localhost", "/"), options().build())) {
      ws.send("by name");
      assertEquals("by name", ws.recv().text());
    }
  }

  @Test
  void withDefaultTlsOptionsTheTestCaIsNotTrustedAndTheHandshakeFails() {
    ConnectOptions defaults =
        ConnectOptions.builder().timeout(WAIT).proxyFromEnvironment(false).build();
    WebSocketTlsException e =
        assertThrows(
            WebSocketTlsException.class, () -> WebSocket.connect(url("/"), defaults).close());
    assertTrue(e.getMessage().contains("failed: untrusted certificate (PKIX"), e::toString);
    assertInstanceOf(SSLHandshakeException.class, e.getCause());
  }
}
