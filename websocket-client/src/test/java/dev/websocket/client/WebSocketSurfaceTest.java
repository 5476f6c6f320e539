package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.RecordedFrame;
import dev.websocket.client.testing.ServerAction;
import dev.websocket.client.testing.TestCertificates;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.codec.CloseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rest of Python's surface on the blocking facade: {@code for (Message m : ws)}, {@code
 * isSecure()} ({@code is_ssl}), {@code pong()} without payload, {@code sendBytes}.
 */
class WebSocketSurfaceTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static List<String> texts(WebSocket ws) {
    List<String> texts = new ArrayList<>();
    return assertTimeoutPreemptively(
        WAIT,
        () -> {
          for (Message message : ws) {
            texts.add(message.text());
          }
          return texts;
        });
  }

  // ---------------------------------------------------------------- iteration

  @Test
  void iterationEndsAfterTheServersNormalClose() throws IOException {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(
                ServerAction.sendText("one"),
                ServerAction.sendText("two"),
                ServerAction.close(CloseStatus.NORMAL, "done"))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      assertEquals(List.of("one", "two"), texts(ws));
    }
  }

  @Test
  void iterationEndsAfterGoingAway() throws IOException {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(
                ServerAction.sendText("one"), ServerAction.close(CloseStatus.GOING_AWAY, "restart"))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      assertEquals(List.of("one"), texts(ws));
    }
  }

  @Test
  void iterationEndsAfterTheClientsOwnClose() throws IOException {
    server = TestWebSocketServer.echo();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      ws.send("last");
      Iterator<Message> messages = ws.iterator();
      assertEquals("last", messages.next().text());
      ws.close();
      assertFalse(assertTimeoutPreemptively(WAIT, messages::hasNext));
      assertThrows(NoSuchElementException.class, messages::next);
    }
  }

  @Test
  void iterationFailsUncheckedWithTheCloseExceptionForAnotherCode() throws IOException {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(ServerAction.sendText("one"), ServerAction.close(4001, "custom"))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      Iterator<Message> messages = ws.iterator();
      assertEquals("one", messages.next().text());
      UncheckedIOException e =
          assertThrows(
              UncheckedIOException.class, () -> assertTimeoutPreemptively(WAIT, messages::hasNext));
      WebSocketConnectionClosedException closed =
          assertInstanceOf(WebSocketConnectionClosedException.class, e.getCause());
      assertEquals(4001, closed.status());
      assertEquals("custom", closed.reason());
    }
  }

  @Test
  void iterationFailsUncheckedWithTheProtocolException() throws IOException {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(
                ServerAction.sendText("one"),
                ServerAction.sendRaw("8b 00")) // FIN, reserved opcode 0xB, len=0
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      Iterator<Message> messages = ws.iterator();
      assertEquals("one", messages.next().text());
      UncheckedIOException e =
          assertThrows(
              UncheckedIOException.class, () -> assertTimeoutPreemptively(WAIT, messages::next));
      WebSocketProtocolException violation =
          assertInstanceOf(WebSocketProtocolException.class, e.getCause());
      assertEquals(CloseStatus.PROTOCOL_ERROR, violation.closeStatus());
    }
  }

  @Test
  void iterationFailsUncheckedWhenTheConnectionIsLost() throws IOException {
    server =
        TestWebSocketServer.builder().echo(false).afterHandshake(ServerAction.closeTcp()).start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> texts(ws));
      WebSocketConnectionClosedException closed =
          assertInstanceOf(WebSocketConnectionClosedException.class, e.getCause());
      assertEquals(CloseStatus.ABNORMAL_CLOSED, closed.status());
    }
  }

  // ---------------------------------------------------------------- isSecure, pong(), sendBytes

  @Test
  void isSecureTellsWssFromWs() throws IOException {
    server = TestWebSocketServer.builder().tls().start();
    ConnectOptions trusting =
        ConnectOptions.builder()
            .tls(
                TlsOptions.builder()
                    .trustCertificates(TestCertificates.get().ca().certificatePem())
                    .build())
            .build();
    try (WebSocket wss = WebSocket.connect(server.uri("localhost", "/"), trusting)) {
      assertTrue(wss.isSecure());
    }
    try (TestWebSocketServer plain = TestWebSocketServer.echo();
        WebSocket ws = WebSocket.connect(plain.uri("/"))) {
      assertFalse(ws.isSecure());
    }
  }

  @Test
  void pongWithoutPayloadSendsAnEmptyPong() throws IOException {
    server = TestWebSocketServer.echo();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      ws.pong();
      RecordedFrame pong = server.awaitFrames(1, WAIT).get(0);
      assertEquals(0xA, pong.opcode());
      assertArrayEquals(new byte[0], pong.payload());
    }
  }

  @Test
  void sendBytesSendsABinaryMessage() throws IOException {
    server = TestWebSocketServer.echo();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      ws.sendBytes(new byte[] {1, 2, 3});
      Message echoed = ws.recv();
      assertFalse(echoed.isText());
      assertArrayEquals(new byte[] {1, 2, 3}, echoed.bytes());
    }
  }
}
