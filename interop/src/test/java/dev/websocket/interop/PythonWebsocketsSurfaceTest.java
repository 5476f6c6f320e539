package dev.websocket.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.Message;
import dev.websocket.client.RunOptions;
import dev.websocket.client.WebSocket;
import dev.websocket.client.WebSocketApp;
import dev.websocket.client.WebSocketConnectionClosedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Python-shaped surface against Python's {@code websockets} server (Debian python3-websockets),
 * as a user coming from Python tries it: an app that sends from its callbacks, {@code for} over the
 * messages to a normal close and to another close, {@code sendBytes}, {@code pong()}, {@code
 * isSecure()}, cookies set by the server's redirect, a header given twice.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PythonWebsocketsSurfaceTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final PeerGuard GUARD = new PeerGuard();
  private static EchoServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = GUARD.start(EchoServer::python);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void requirePeer() {
    GUARD.assumeStarted();
  }

  private static ConnectOptions options() {
    return ConnectOptions.builder().timeout(WAIT).proxyFromEnvironment(false).build();
  }

  @Test
  void anAppSendsFromItsCallbacksAndClosesFromOne() {
    List<String> events = new CopyOnWriteArrayList<>();
    WebSocketApp app =
        WebSocketApp.builder(server.url("/"))
            .options(options())
            .onOpen(
                a ->
                    events.add(
                        "queued " + a.sendText("hello") + " " + a.sendBytes(new byte[] {7, 8})))
            .onMessage(
                (a, m) -> {
                  events.add(m.isText() ? m.text() : "binary " + m.bytes().length);
                  if (!m.isText()) {
                    a.close();
                  }
                })
            .onClose((a, status, reason) -> events.add("closed"))
            .build();

    assertFalse(app.runForever(RunOptions.DEFAULT), "a close by the app is not an error");

    assertEquals(List.of("queued true true", "hello", "binary 2", "closed"), events);
  }

  @Test
  void iteratingEndsAtTheServersNormalClose() throws IOException {
    try (WebSocket ws = WebSocket.connect(server.url("/"), options())) {
      ws.send("one");
      ws.send("two");
      ws.send("cmd:close 1000 done");
      List<String> texts = new ArrayList<>();
      for (Message message : ws) {
        texts.add(message.text());
      }
      assertEquals(List.of("one", "two"), texts);
    }
  }

  @Test
  void iteratingFailsUncheckedAtAnotherClose() throws IOException {
    try (WebSocket ws = WebSocket.connect(server.url("/"), options())) {
      ws.send("cmd:close 4001 custom");
      UncheckedIOException e =
          assertThrows(
              UncheckedIOException.class,
              () -> {
                for (Message message : ws) {
                  message.text();
                }
              });
      WebSocketConnectionClosedException closed =
          assertInstanceOf(WebSocketConnectionClosedException.class, e.getCause());
      assertEquals(4001, closed.status());
      assertEquals("custom", closed.reason());
    }
  }

  @Test
  void sendBytesPongAndIsSecure() throws IOException {
    try (WebSocket ws = WebSocket.connect(server.url("/"), options())) {
      assertFalse(ws.isSecure());
      ws.pong(); // unsolicited: the server ignores it, and the connection goes on
      ws.sendBytes(new byte[] {1, 2, 3});
      assertArrayEquals(new byte[] {1, 2, 3}, ws.recv().bytes());
    }
  }

  @Test
  void aCookieSetByTheServersRedirectIsSentToTheFinalUrl() throws IOException {
    ConnectOptions withJar =
        options().toBuilder().cookieHandler(new CookieManager()).cookie("theme=dark").build();
    try (WebSocket ws = WebSocket.connect(server.url("/cookie/login"), withJar)) {
      ws.send("cmd:cookie");
      assertEquals("theme=dark; session=py123", ws.recv().text());
    }
  }

  @Test
  void headerTwiceSendsBothLines() throws IOException {
    ConnectOptions twice =
        options().toBuilder().header("Cookie", "a=1").header("Cookie", "b=2").build();
    try (WebSocket ws = WebSocket.connect(server.url("/"), twice)) {
      ws.send("cmd:cookie"); // the server answers with each Cookie line it received, joined by "|"
      assertEquals("a=1|b=2", ws.recv().text());
    }
  }
}
