package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.FastSender;
import dev.websocket.client.testing.RawFrames;
import dev.websocket.client.testing.RecordedFrame;
import dev.websocket.client.testing.ServerAction;
import dev.websocket.client.testing.ServerConnection;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.codec.CloseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hostile or failing server: a reset in the middle of a frame, frames that break RFC 6455 (each
 * failed with its exact close code, after the messages that came before it), and a sender faster
 * than the reader, which must not run the client out of memory.
 */
class RobustnessTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  // ---------------------------------------------------------------- the connection dies

  @Test
  void resetInTheMiddleOfAFrameIsAClosedConnection() throws Exception {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(ServerAction.sendText("before"), ServerAction.resetMidFrame())
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      assertEquals("before", ws.recv().text());
      WebSocketConnectionClosedException e =
          assertTimeoutPreemptively(
              WAIT, () -> assertThrows(WebSocketConnectionClosedException.class, ws::recv));
      assertEquals(CloseStatus.ABNORMAL_CLOSED, e.status());
      // Every later call says the same, and sending fails too.
      assertEquals(
          CloseStatus.ABNORMAL_CLOSED,
          assertThrows(WebSocketConnectionClosedException.class, ws::recv).status());
      assertThrows(WebSocketConnectionClosedException.class, () -> ws.send("after"));
      assertFalse(ws.isConnected());
    }
  }

  @Test
  void tcpCloseWithoutCloseFrameIs1006() throws Exception {
    server =
        TestWebSocketServer.builder().echo(false).afterHandshake(ServerAction.closeTcp()).start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      WebSocketConnectionClosedException e =
          assertTimeoutPreemptively(
              WAIT, () -> assertThrows(WebSocketConnectionClosedException.class, ws::recv));
      assertEquals(CloseStatus.ABNORMAL_CLOSED, e.status());
      assertEquals("Connection closed without a close frame", e.getMessage());
    }
  }

  // ---------------------------------------------------------------- protocol violations

  /**
   * The server sends two good messages then {@code bad}; the client delivers both, then throws
   * {@code type} with {@code code}, and sends a close frame with that code.
   */
  private <T extends WebSocketProtocolException> T violation(
      Class<T> type, int code, byte[] bad, ConnectOptions options) throws Exception {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(
                ServerAction.sendText("first"),
                ServerAction.sendBinary(new byte[] {1, 2}),
                ServerAction.sendRaw(bad))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
      return assertTimeoutPreemptively(
          WAIT,
          () -> {
            assertEquals("first", ws.recv().text());
            assertEquals(2, ws.recv().bytes().length);
            T e = assertThrows(type, ws::recv);
            assertEquals(code, e.closeStatus());
            RecordedFrame close = server.awaitFrames(1, WAIT).get(0);
            assertEquals(RawFrames.CLOSE, close.opcode());
            assertEquals(code, close.closeCode());
            // The connection is failed: the next receive reports it closed.
            assertThrows(WebSocketConnectionClosedException.class, ws::recv);
            server.connections().get(0).awaitClosed(WAIT);
            return e;
          });
    }
  }

  @Test
  void maskedFrameFromTheServerFailsWith1002() throws Exception {
    byte[] masked =
        RawFrames.maskedFrame(
            true,
            0,
            RawFrames.TEXT,
            "hi".getBytes(StandardCharsets.UTF_8),
            new byte[] {1, 2, 3, 4});
    WebSocketProtocolException e =
        violation(
            WebSocketProtocolException.class,
            CloseStatus.PROTOCOL_ERROR,
            masked,
            ConnectOptions.DEFAULT);
    assertEquals("Masked frame from server", e.getMessage());
  }

  @Test
  void reservedDataOpcodeFailsWith1002() throws Exception {
    WebSocketProtocolException e =
        violation(
            WebSocketProtocolException.class,
            CloseStatus.PROTOCOL_ERROR,
            RawFrames.frame(true, 0, 0x3, new byte[0]),
            ConnectOptions.DEFAULT);
    assertEquals("Reserved opcode 3", e.getMessage());
  }

  @Test
  void reservedControlOpcodeFailsWith1002() throws Exception {
    WebSocketProtocolException e =
        violation(
            WebSocketProtocolException.class,
            CloseStatus.PROTOCOL_ERROR,
            RawFrames.frame(true, 0, 0xB, new byte[0]),
            ConnectOptions.DEFAULT);
    assertEquals("Reserved opcode 11", e.getMessage());
  }

  @Test
  void reservedBitWithoutAnExtensionFailsWith1002() throws Exception {
    violation(
        WebSocketProtocolException.class,
        CloseStatus.PROTOCOL_ERROR,
        RawFrames.frame(true, 0b010, RawFrames.TEXT, "x".getBytes(StandardCharsets.UTF_8)),
        ConnectOptions.DEFAULT);
  }

  @Test
  void oversizedPingFailsWith1002() throws Exception {
    violation(
        WebSocketProtocolException.class,
        CloseStatus.PROTOCOL_ERROR,
        RawFrames.frame(true, 0, RawFrames.PING, new byte[126]),
        ConnectOptions.DEFAULT);
  }

  @Test
  void continuationWithoutAStartFailsWith1002() throws Exception {
    violation(
        WebSocketProtocolException.class,
        CloseStatus.PROTOCOL_ERROR,
        RawFrames.frame(true, 0, RawFrames.CONTINUATION, new byte[] {'x'}),
        ConnectOptions.DEFAULT);
  }

  @Test
  void invalidUtf8TextFailsWith1007() throws Exception {
    // 81 02 c3 28  // FIN TEXT len=2: C3 starts a two-byte sequence, 28 '(' cannot continue it
    WebSocketPayloadException e =
        violation(
            WebSocketPayloadException.class,
            CloseStatus.INVALID_PAYLOAD,
            RawFrames.frame(true, 0, RawFrames.TEXT, new byte[] {(byte) 0xc3, 0x28}),
            ConnectOptions.DEFAULT);
    assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("utf-8"), e.getMessage());
  }

  @Test
  void messageOverTheLimitFailsWith1009() throws Exception {
    ConnectOptions options = ConnectOptions.builder().maxMessageSize(1024).build();
    violation(
        WebSocketPayloadException.class,
        CloseStatus.MESSAGE_TOO_BIG,
        RawFrames.binary(new byte[2000]),
        options);
  }

  @Test
  void violationTheApplicationNeverReachesFailsTheConnectionAfterTheCloseTimeout() {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(ServerAction.sendRaw(RawFrames.frame(true, 0, 0x3, new byte[0])))
            .start();
    ConnectOptions options = ConnectOptions.builder().closeTimeout(Duration.ofMillis(300)).build();
    assertTimeoutPreemptively(
        WAIT,
        () -> {
          try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
            // No recv: the client still answers the broken frame with 1002 by itself.
            assertEquals(
                CloseStatus.PROTOCOL_ERROR, server.awaitFrames(1, WAIT).get(0).closeCode());
            server.connections().get(0).awaitClosed(WAIT);
            assertThrows(WebSocketProtocolException.class, ws::recv);
          }
        });
  }

  // ---------------------------------------------------------------- a fast sender, a slow reader

  @Test
  void slowReaderStopsReadingAndTheFastSenderWaitsUntilItDrains() throws Exception {
    int count = 2000;
    int size = 64 * 1024;
    server = TestWebSocketServer.builder().echo(false).recordFrames(false).start();
    ConnectOptions options = ConnectOptions.builder().receiveBufferBytes(256 * 1024).build();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
      ServerConnection connection = server.awaitUpgradedConnection(WAIT);
      CompletableFuture<Integer> sent = connection.fastSend(count, size);

      // 128 MiB cannot fit in the socket buffers and 256 KiB of queue: while nobody reads, the
      // server is held back, because the client has stopped reading from the socket.
      assertThrows(TimeoutException.class, () -> sent.get(1, TimeUnit.SECONDS));
      assertFalse(ws.connection().channel().config().isAutoRead(), "the client must stop reading");

      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            for (int i = 0; i < count; i++) {
              byte[] message = ws.recv().bytes();
              assertEquals(size, message.length);
              assertTrue(
                  Arrays.equals(FastSender.payload(i, 8), 0, 8, message, 0, 8), "message " + i);
            }
            assertEquals(count, sent.get(10, TimeUnit.SECONDS));
          });
      assertTrue(ws.connection().channel().config().isAutoRead(), "reading resumes once drained");
    }
  }
}
