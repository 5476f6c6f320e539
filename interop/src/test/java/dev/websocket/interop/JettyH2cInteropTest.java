package dev.websocket.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.Http2Mode;
import dev.websocket.client.WebSocket;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WebSockets over clear-text HTTP/2 with prior knowledge (h2c, what {@code REQUIRE} means on {@code
 * ws://}) to Jetty 12: every story of the echo contract.
 */
class JettyH2cInteropTest extends EchoPeerContract {

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
    return jetty.wsUrl(path);
  }

  @Override
  ConnectOptions.Builder options() {
    return ConnectOptions.builder()
        .timeout(WAIT)
        .proxyFromEnvironment(false)
        .http2(Http2Mode.REQUIRE);
  }

  @Test
  void theWebSocketIsAnH2cStream() throws IOException {
    try (WebSocket ws = WebSocket.connect(url("/"), options().build())) {
      assertEquals("HTTP/2", ws.httpVersion());
      ws.send("over h2c");
      assertEquals("over h2c", ws.recv().text());
    }
  }

  @Test
  void preferOnWsMeansHttp11() throws IOException {
    try (WebSocket ws = WebSocket.connect(url("/"), options().http2(Http2Mode.PREFER).build())) {
      assertEquals("HTTP/1.1", ws.httpVersion());
      ws.send("over HTTP/1.1");
      assertEquals("over HTTP/1.1", ws.recv().text());
    }
  }
}
