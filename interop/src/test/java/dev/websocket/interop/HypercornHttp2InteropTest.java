package dev.websocket.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.Http2Mode;
import dev.websocket.client.Message;
import dev.websocket.client.TlsOptions;
import dev.websocket.client.WebSocket;
import dev.websocket.client.WebSocketConnectionClosedException;
import dev.websocket.client.testing.TestCertificates;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * WebSockets over HTTP/2 (RFC 8441) to Python's hypercorn, a server nobody here wrote and not on
 * the JVM: over TLS with ALPN and over h2c, echo, permessage-deflate, closing both ways, and many
 * WebSockets on one connection.
 *
 * <p>Debian 12's hypercorn (0.13.2) forgets a WebSocket's stream once the close frames have been
 * exchanged, without ending it, and then fails its whole connection on the client's END_STREAM for
 * that stream (a KeyError in its h2 protocol): every other WebSocket on the connection ends too. So
 * each test runs on an event loop group of its own, which gives it connections of its own.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HypercornHttp2InteropTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final PeerGuard GUARD = new PeerGuard();
  private static Hypercorn hypercorn;

  @BeforeAll
  static void startServer() throws Exception {
    hypercorn = GUARD.start(Hypercorn::start);
  }

  @AfterAll
  static void stopServer() {
    if (hypercorn != null) {
      hypercorn.close();
    }
  }

  private EventLoopGroup group;

  @BeforeEach
  void requirePeer() {
    GUARD.assumeStarted();
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterEach
  void stopGroup() {
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private ConnectOptions.Builder options() {
    return ConnectOptions.builder()
        .eventLoopGroup(group)
        // Hypercorn 0.13 never ends a WebSocket's stream, so each close waits this long for it.
        .closeTimeout(Duration.ofMillis(500))
        .timeout(WAIT)
        .proxyFromEnvironment(false)
        .http2(Http2Mode.REQUIRE)
        .tls(
            TlsOptions.builder()
                .trustCertificates(TestCertificates.get().ca().certificatePem())
                .build());
  }

  @Test
  void overTlsTheWebSocketIsAnHttp2StreamOnBothSides() throws IOException {
    try (WebSocket ws = WebSocket.connect(hypercorn.wssUrl("/"), options().build())) {
      assertEquals("HTTP/2", ws.httpVersion());
      ws.send("cmd:http");
      assertEquals("2", ws.recv().text());
    }
  }

  @Test
  void overH2cTheWebSocketIsAnHttp2StreamOnBothSides() throws IOException {
    try (WebSocket ws = WebSocket.connect(hypercorn.wsUrl("/"), options().build())) {
      assertEquals("HTTP/2", ws.httpVersion());
      ws.send("cmd:http");
      assertEquals("2", ws.recv().text());
      ws.send("over h2c");
      assertEquals("over h2c", ws.recv().text());
    }
  }

  @Test
  void textAndBinaryMessagesAreEchoedWithTheirType() throws IOException {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    try (WebSocket ws = WebSocket.connect(hypercorn.wssUrl("/"), options().build())) {
      ws.send("Hello, wörld ✓");
      Message text = ws.recv();
      assertTrue(text.isText());
      assertEquals("Hello, wörld ✓", text.text());
      ws.send(bytes);
      Message binary = ws.recv();
      assertFalse(binary.isText());
      assertArrayEquals(bytes, binary.bytes());
    }
  }

  @Test
  void aOneMebibyteMessageRoundTripsUnderHttp2FlowControl() throws IOException {
    byte[] bytes = new byte[1024 * 1024];
    new Random(8441).nextBytes(bytes);
    try (WebSocket ws = WebSocket.connect(hypercorn.wssUrl("/"), options().build())) {
      ws.send(bytes);
      assertArrayEquals(bytes, ws.recv().bytes());
    }
  }

  @Test
  void permessageDeflateIsNegotiatedInTheConnectHeaders() throws IOException {
    String text = EchoPeerContract.jsonLike(64 * 1024);
    try (WebSocket ws = WebSocket.connect(hypercorn.wssUrl("/"), options().build())) {
      List<String> extensions = ws.headers().get("sec-websocket-extensions");
      assertTrue(
          extensions != null && String.join(",", extensions).startsWith("permessage-deflate"),
          ws.headers()::toString);
      ws.send(text);
      assertEquals(text, ws.recv().text());
    }
  }

  @Test
  void theClientsCloseEndsTheWebSocketOnTheServer() throws IOException {
    String id = UUID.randomUUID().toString();
    WebSocket ws = WebSocket.connect(hypercorn.wssUrl("/c/" + id), options().build());
    ws.close(4000, "bye", WAIT);
    assertFalse(ws.isConnected());
    // Asked over h2c: a connection of its own. Hypercorn 0.13's ASGI tells its app 1006 for any
    // close the client starts (whatever its code; Jetty's tests check the code), so this checks
    // that the server saw the WebSocket end.
    try (WebSocket other = WebSocket.connect(hypercorn.wsUrl("/"), options().build())) {
      other.send("cmd:closed " + id);
      String seen = other.recv().text();
      assertTrue(seen.matches("closed \\d{4}"), seen);
    }
  }

  @Test
  void theServersCloseCodeAndReasonReachTheClient() throws IOException {
    try (WebSocket ws = WebSocket.connect(hypercorn.wssUrl("/"), options().build())) {
      ws.send("cmd:close 4001 server says bye");
      WebSocketConnectionClosedException e =
          assertThrows(WebSocketConnectionClosedException.class, ws::recv);
      assertEquals(4001, e.status(), e::toString);
      assertEquals("server says bye", e.reason());
    }
  }

  @Test
  void manyWebSocketsRunSideBySide() throws IOException {
    WebSocket[] sockets = new WebSocket[20];
    try {
      for (int i = 0; i < sockets.length; i++) {
        sockets[i] = WebSocket.connect(hypercorn.wssUrl("/"), options().build());
      }
      for (int i = 0; i < sockets.length; i++) {
        sockets[i].send("socket " + i);
      }
      for (int i = 0; i < sockets.length; i++) {
        assertEquals("socket " + i, sockets[i].recv().text());
      }
    } finally {
      for (WebSocket ws : sockets) {
        if (ws != null) {
          ws.close();
        }
      }
    }
  }

  @Test
  void preferAgainstHypercornOverTlsChoosesHttp2() throws IOException {
    try (WebSocket ws =
        WebSocket.connect(hypercorn.wssUrl("/"), options().http2(Http2Mode.PREFER).build())) {
      assertEquals("HTTP/2", ws.httpVersion());
    }
  }
}
