package dev.websocket.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.Http2Mode;
import dev.websocket.client.TlsOptions;
import dev.websocket.client.WebSocket;
import dev.websocket.client.WebSocketConnectionClosedException;
import dev.websocket.client.WebSocketException;
import dev.websocket.client.testing.TestCertificates;
import dev.websocket.codec.CloseStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What HTTP/2 changes for a user, against Jetty 12: WebSockets to one origin share one TCP
 * connection, a new one opens at the server's stream limit, {@code PREFER} falls back to HTTP/1.1
 * where the server cannot, {@code REQUIRE} says why it cannot, and a WebSocket the server drops, or
 * a GOAWAY, ends with 1006 and a reason. Each test starts its own server, so its connections are
 * its own.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JettyHttp2ConnectionTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private JettyServer jetty;
  private final List<WebSocket> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (WebSocket ws : open) {
      ws.abort();
    }
    if (jetty != null) {
      jetty.close();
    }
  }

  private static ConnectOptions.Builder options(Http2Mode mode) {
    return ConnectOptions.builder()
        .timeout(WAIT)
        .proxyFromEnvironment(false)
        .http2(mode)
        .tls(
            TlsOptions.builder()
                .trustCertificates(TestCertificates.get().ca().certificatePem())
                .build());
  }

  private WebSocket connect(String url, Http2Mode mode) throws IOException {
    WebSocket ws = WebSocket.connect(url, options(mode).build());
    open.add(ws);
    return ws;
  }

  /** Connects {@code count} WebSockets at once, from 16 threads, and checks each echoes. */
  private List<WebSocket> connectMany(String url, int count) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      List<CompletableFuture<WebSocket>> connects = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        connects.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return WebSocket.connect(url, options(Http2Mode.PREFER).build());
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                },
                threads));
      }
      List<WebSocket> sockets = new ArrayList<>();
      for (CompletableFuture<WebSocket> connect : connects) {
        WebSocket ws = connect.get(30, TimeUnit.SECONDS);
        open.add(ws);
        sockets.add(ws);
      }
      for (int i = 0; i < sockets.size(); i++) {
        sockets.get(i).send("socket " + i);
      }
      for (int i = 0; i < sockets.size(); i++) {
        assertEquals("socket " + i, sockets.get(i).recv().text());
        assertEquals("HTTP/2", sockets.get(i).httpVersion());
      }
      return sockets;
    } finally {
      threads.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- sharing

  @Test
  void aHundredWebSocketsToOneOriginShareOneTcpConnection() throws Exception {
    jetty = JettyServer.start(JettyServer.Http2.WEBSOCKETS);
    connectMany(jetty.wssUrl("/"), 100);
    assertEquals(1, jetty.acceptedConnections(), "TCP connections the server accepted");
  }

  @Test
  void aNewConnectionOpensWhenTheServersStreamLimitIsReached() throws Exception {
    jetty = JettyServer.start(JettyServer.Http2.WEBSOCKETS, 10);
    connectMany(jetty.wssUrl("/"), 25);
    assertEquals(3, jetty.acceptedConnections(), "25 WebSockets at 10 streams a connection");
  }

  @Test
  void aWebSocketClosedByTheClientLeavesTheOthersOnTheConnectionOpen() throws Exception {
    jetty = JettyServer.start(JettyServer.Http2.WEBSOCKETS);
    String id = UUID.randomUUID().toString();
    WebSocket first = connect(jetty.wssUrl("/c/" + id), Http2Mode.REQUIRE);
    WebSocket second = connect(jetty.wssUrl("/"), Http2Mode.REQUIRE);
    first.close(4002, "just this one", WAIT);
    second.send("still here");
    assertEquals("still here", second.recv().text());
    second.send("cmd:closed " + id);
    assertEquals("closed 4002 just this one", second.recv().text());
    assertEquals(1, jetty.acceptedConnections());
  }

  // ---------------------------------------------------------------- fallback and its reasons

  @Test
  void preferAgainstAServerWithoutHttp2ConnectsOverHttp11() throws Exception {
    jetty = JettyServer.start(JettyServer.Http2.OFF);
    WebSocket ws = connect(jetty.wssUrl("/"), Http2Mode.PREFER);
    assertEquals("HTTP/1.1", ws.httpVersion());
    assertEquals(101, ws.status());
    ws.send("over HTTP/1.1");
    assertEquals("over HTTP/1.1", ws.recv().text());
  }

  @Test
  void preferRemembersAServerWithoutHttp2AndGoesStraightToHttp11Next() throws Exception {
    jetty = JettyServer.start(JettyServer.Http2.OFF);
    connect(jetty.wssUrl("/"), Http2Mode.PREFER);
    assertEquals(1, jetty.acceptedConnections(), "HTTP/1.1 on the ALPN probe's connection");
    WebSocket second = connect(jetty.wssUrl("/"), Http2Mode.PREFER);
    assertEquals("HTTP/1.1", second.httpVersion());
    assertEquals(2, jetty.acceptedConnections(), "no second probe");
  }

  @Test
  void requireAgainstAServerWithoutHttp2FailsSayingAlpnDidNotChooseH2() throws Exception {
    jetty = JettyServer.start(JettyServer.Http2.OFF);
    WebSocketException e =
        assertThrows(WebSocketException.class, () -> connect(jetty.wssUrl("/"), Http2Mode.REQUIRE));
    assertEquals(
        "HTTP/2 is required but unavailable: The server did not choose h2 by ALPN (it chose http/1.1)",
        e.getMessage());
  }

  @Test
  void preferAgainstHttp2WithoutTheConnectProtocolConnectsOverHttp11() throws Exception {
    jetty = JettyServer.start(JettyServer.Http2.NO_CONNECT_PROTOCOL);
    WebSocket ws = connect(jetty.wssUrl("/"), Http2Mode.PREFER);
    assertEquals("HTTP/1.1", ws.httpVersion());
    ws.send("over HTTP/1.1");
    assertEquals("over HTTP/1.1", ws.recv().text());
    // The first connection speaks HTTP/2 (ALPN chose h2): the upgrade needs a connection of its
    // own.
    assertEquals(2, jetty.acceptedConnections());
  }

  @Test
  void requireAgainstHttp2WithoutTheConnectProtocolFailsSayingSo() throws Exception {
    jetty = JettyServer.start(JettyServer.Http2.NO_CONNECT_PROTOCOL);
    WebSocketException e =
        assertThrows(WebSocketException.class, () -> connect(jetty.wssUrl("/"), Http2Mode.REQUIRE));
    assertEquals(
        "HTTP/2 is required but unavailable: The server speaks HTTP/2 but does not enable WebSockets"
            + " over it (no SETTINGS_ENABLE_CONNECT_PROTOCOL = 1, RFC 8441)",
        e.getMessage());
  }

  @Test
  void requireOnWsAgainstAServerWithoutH2cFailsSayingThePrefaceWasNotAnswered() throws Exception {
    jetty = JettyServer.start(JettyServer.Http2.OFF);
    WebSocketException e =
        assertThrows(WebSocketException.class, () -> connect(jetty.wsUrl("/"), Http2Mode.REQUIRE));
    assertEquals(
        "HTTP/2 is required but unavailable: The server did not answer the HTTP/2 connection preface"
            + " with SETTINGS (PROTOCOL_ERROR)",
        e.getMessage());
  }

  // ---------------------------------------------------------------- the server ends streams

  @Test
  void aWebSocketTheServerDropsEndsWith1006AndSparesTheOthersOnTheConnection() throws Exception {
    jetty = JettyServer.start(JettyServer.Http2.WEBSOCKETS);
    WebSocket dropped = connect(jetty.wssUrl("/"), Http2Mode.REQUIRE);
    WebSocket other = connect(jetty.wssUrl("/"), Http2Mode.REQUIRE);
    dropped.send("cmd:disconnect");
    WebSocketConnectionClosedException e =
        assertThrows(WebSocketConnectionClosedException.class, dropped::recv);
    assertEquals(CloseStatus.ABNORMAL_CLOSED, e.status(), e::toString);
    assertFalse(dropped.isConnected());
    other.send("unharmed");
    assertEquals("unharmed", other.recv().text());
  }

  @Test
  void aGoAwayEndsTheOpenWebSocketsWith1006AndTheNextOneGetsANewConnection() throws Exception {
    jetty = JettyServer.start(JettyServer.Http2.WEBSOCKETS);
    List<WebSocket> sockets = connectMany(jetty.wssUrl("/"), 3);
    jetty.goAwayEverywhere();
    for (WebSocket ws : sockets) {
      WebSocketConnectionClosedException e =
          assertThrows(WebSocketConnectionClosedException.class, ws::recv);
      assertEquals(CloseStatus.ABNORMAL_CLOSED, e.status(), e::toString);
      assertTrue(e.getMessage().contains("GOAWAY"), e::getMessage);
    }
    WebSocket next = connect(jetty.wssUrl("/"), Http2Mode.REQUIRE);
    next.send("after the GOAWAY");
    assertEquals("after the GOAWAY", next.recv().text());
    assertEquals(2, jetty.acceptedConnections());
  }

  @Test
  void abortResetsTheStreamAndTheServerSeesAnAbnormalClose() throws Exception {
    jetty = JettyServer.start(JettyServer.Http2.WEBSOCKETS);
    String id = UUID.randomUUID().toString();
    WebSocket aborted = connect(jetty.wssUrl("/c/" + id), Http2Mode.REQUIRE);
    WebSocket other = connect(jetty.wssUrl("/"), Http2Mode.REQUIRE);
    aborted.abort();
    other.send("cmd:closed " + id);
    assertTrue(other.recv().text().startsWith("closed 1006"), "the server saw no close frame");
  }
}
