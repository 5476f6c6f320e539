package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.ClientCloseReply;
import dev.websocket.client.testing.RawFrames;
import dev.websocket.client.testing.RecordedFrame;
import dev.websocket.client.testing.ServerAction;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Opcode;
import io.netty.channel.ChannelOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection's life as the blocking API shows it: sending any opcode, waiting while the server
 * does not read, frames as they came, timeouts, and every way to end it (close with a status, a
 * server that never answers the close, abort, shutdown).
 */
class ConnectionLifecycleTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    WebSocket.setDefaultTimeout(null);
    if (server != null) {
      server.close();
    }
  }

  // ---------------------------------------------------------------- sending

  @Test
  void aSendAfterTheServersCloseFailsWithItsCodeInsteadOfVanishing() throws Exception {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .onClientClose(ClientCloseReply.ECHO_KEEP_OPEN)
            .afterHandshake(ServerAction.sendCloseFrameKeepTcpOpen(CloseStatus.GOING_AWAY, "bye"))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      // The client's answer to the server's close has reached the server.
      assertEquals(RawFrames.CLOSE, server.awaitFrames(1, WAIT).get(0).opcode());
      assertFalse(ws.isConnected());
      // The close is answered and TCP may still be open: a frame now would never be sent.
      WebSocketConnectionClosedException e =
          assertThrows(WebSocketConnectionClosedException.class, () -> ws.send("too late"));
      assertEquals(CloseStatus.GOING_AWAY, e.status());
      assertEquals("bye", e.reason());
    }
    assertTrue(
        server.frames().stream().noneMatch(f -> f.opcode() == RawFrames.TEXT),
        () -> "nothing after the close: " + server.frames());
  }

  @Test
  void sendWithAnOpcodeSendsThatOpcode() throws Exception {
    server = TestWebSocketServer.echo();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      ws.send("text as bytes".getBytes(StandardCharsets.UTF_8), Opcode.TEXT);
      ws.sendBinary(new byte[] {9});
      ws.sendText("text");
      List<RecordedFrame> frames = server.awaitFrames(3, WAIT);
      assertEquals(RawFrames.TEXT, frames.get(0).opcode());
      assertEquals("text as bytes", frames.get(0).text());
      assertEquals(RawFrames.BINARY, frames.get(1).opcode());
      assertEquals(RawFrames.TEXT, frames.get(2).opcode());
      assertTrue(ws.recv().isText());
    }
  }

  @Test
  void sendWaitsWhileTheServerDoesNotReadThenTimesOutAndStaysUsable() throws Exception {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .recordFrames(false)
            .pauseReadingAfterHandshake()
            .receiveBufferSize(64 * 1024)
            .start();
    ConnectOptions options =
        ConnectOptions.builder()
            .sendBufferBytes(64 * 1024)
            .socketOption(ChannelOption.SO_SNDBUF, 64 * 1024)
            .build();
    byte[] chunk = new byte[16 * 1024];
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
      // Set after the handshake, which a loaded machine may take longer than this over.
      ws.setTimeout(Duration.ofMillis(500));
      WebSocketTimeoutException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(30),
              () -> {
                // At most 64 MiB: far more than the socket buffers and the 64 KiB send buffer hold.
                for (int i = 0; i < 4096; i++) {
                  try {
                    ws.send(chunk);
                  } catch (WebSocketTimeoutException timeout) {
                    return timeout;
                  }
                }
                throw new AssertionError(
                    "64 MiB were sent to a server that reads nothing: sends never waited");
              });
      assertEquals("Send timed out after 500 ms: the server is not reading", e.getMessage());
      assertTrue(ws.isConnected());

      server.resumeReading();
      assertTimeoutPreemptively(
          WAIT,
          () -> {
            ws.setTimeout(WAIT);
            ws.send("after the jam");
          });
    }
  }

  // ---------------------------------------------------------------- receiving

  @Test
  void recvFrameShowsFragmentsAndControlFramesAsTheyCame() throws Exception {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(
                ServerAction.sendFrame(
                    false, 0, RawFrames.TEXT, "Hel".getBytes(StandardCharsets.UTF_8)),
                ServerAction.sendPing("between"),
                ServerAction.sendFrame(
                    true, 0, RawFrames.CONTINUATION, "lo".getBytes(StandardCharsets.UTF_8)))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      Data first = ws.recvFrame();
      assertEquals(Opcode.TEXT, first.opcode());
      assertFalse(first.isFinal());
      assertArrayEquals("Hel".getBytes(StandardCharsets.UTF_8), first.data());
      Data ping = ws.recvFrame();
      assertEquals(Opcode.PING, ping.opcode());
      assertArrayEquals("between".getBytes(StandardCharsets.UTF_8), ping.data());
      Data last = ws.recvFrame();
      assertEquals(Opcode.CONTINUATION, last.opcode());
      assertTrue(last.isFinal());
    }
  }

  @Test
  void recvDataFrameJoinsFragmentsAndCanShowControlFrames() throws Exception {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(
                ServerAction.sendFrame(false, 0, RawFrames.BINARY, new byte[] {1}),
                ServerAction.sendPing("p"),
                ServerAction.sendFrame(true, 0, RawFrames.CONTINUATION, new byte[] {2}))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      assertEquals(Opcode.PING, ws.recvDataFrame(true).opcode());
      Data message = ws.recvDataFrame(true);
      assertEquals(Opcode.BINARY, message.opcode());
      assertArrayEquals(new byte[] {1, 2}, message.data());
    }
  }

  @Test
  void recvDataWithoutControlFramesSkipsPingsButReturnsTheClose() throws Exception {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(
                ServerAction.sendPing("p"), ServerAction.close(CloseStatus.GOING_AWAY, "restart"))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      Data close = ws.recvData(false);
      assertEquals(Opcode.CLOSE, close.opcode());
      assertArrayEquals(RawFrames.closePayload(CloseStatus.GOING_AWAY, "restart"), close.data());
    }
  }

  @Test
  void defaultTimeoutAppliesWhenTheOptionsSetNone() throws Exception {
    server = TestWebSocketServer.echo();
    WebSocket.setDefaultTimeout(Duration.ofMillis(200));
    assertEquals(Duration.ofMillis(200), WebSocket.defaultTimeout());
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      assertEquals(Duration.ofMillis(200), ws.timeout());
      WebSocketTimeoutException e =
          assertTimeoutPreemptively(
              WAIT, () -> assertThrows(WebSocketTimeoutException.class, ws::recv));
      assertEquals("Receive timed out after 200 ms", e.getMessage());
    }
  }

  @Test
  void optionTimeoutWinsOverTheDefault() throws Exception {
    server = TestWebSocketServer.echo();
    WebSocket.setDefaultTimeout(Duration.ofSeconds(30));
    ConnectOptions options = ConnectOptions.builder().timeout(Duration.ofMillis(100)).build();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
      assertEquals(Duration.ofMillis(100), ws.timeout());
      assertThrows(WebSocketTimeoutException.class, ws::recv);
    }
  }

  // ---------------------------------------------------------------- ending

  @Test
  void closeWithStatusAndReasonSendsThem() throws Exception {
    server = TestWebSocketServer.echo();
    WebSocket ws = WebSocket.connect(server.uri("/"));
    ws.close(4000, "done here", Duration.ofSeconds(3));
    RecordedFrame close = server.awaitFrames(1, WAIT).get(0);
    assertEquals(4000, close.closeCode());
    assertEquals("done here", close.closeReason());
    server.connections().get(0).awaitClosed(WAIT);
    assertFalse(ws.isConnected());
    ws.close(); // a second close does nothing
  }

  @Test
  void closeWaitsNoLongerThanItsTimeoutForAServerThatNeverAnswers() throws Exception {
    server = TestWebSocketServer.builder().onClientClose(ClientCloseReply.IGNORE).start();
    WebSocket ws = WebSocket.connect(server.uri("/"));
    long start = System.nanoTime();
    assertTimeoutPreemptively(WAIT, () -> ws.close(CloseStatus.NORMAL, "", Duration.ofMillis(300)));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis >= 250 && millis < 3000, "close took " + millis + " ms");
    // The client closed TCP itself once the wait was over.
    server.connections().get(0).awaitClosed(WAIT);
    assertEquals(CloseStatus.NORMAL, server.awaitFrames(1, WAIT).get(0).closeCode());
  }

  @Test
  void invalidCloseStatusIsRefusedBeforeAnythingIsSent() throws Exception {
    server = TestWebSocketServer.echo();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      assertThrows(IllegalArgumentException.class, () -> ws.close(1005, "reserved"));
      assertThrows(
          IllegalArgumentException.class, () -> ws.close(CloseStatus.NORMAL, "r".repeat(124)));
      assertTrue(ws.isConnected());
    }
  }

  @Test
  void abortClosesTcpWithoutACloseFrameAndWakesTheReader() throws Exception {
    server = TestWebSocketServer.echo();
    WebSocket ws = WebSocket.connect(server.uri("/"));
    CompletableFuture<Throwable> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                ws.recv();
                return null;
              } catch (Throwable t) {
                return t;
              }
            });
    server.awaitUpgradedConnection(WAIT);
    ws.abort();
    assertTrue(reader.get(10, TimeUnit.SECONDS) instanceof WebSocketConnectionClosedException);
    server.connections().get(0).awaitClosed(WAIT);
    assertEquals(List.of(), server.frames(), "abort sends no close frame");
    assertFalse(ws.isConnected());
    ws.shutdown();
  }

  @Test
  void abortReleasesUnreadMessagesAndLaterReadsSayClosed() throws Exception {
    // Two messages in one write: once the first is received, the second waits in the client.
    byte[] both = new byte[10];
    System.arraycopy(RawFrames.text("one"), 0, both, 0, 5);
    System.arraycopy(RawFrames.text("two"), 0, both, 5, 5);
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(ServerAction.sendRaw(both))
            .start();
    WebSocket ws = WebSocket.connect(server.uri("/"));
    assertEquals("one", ws.recv().text());
    ws.abort();
    // "two" is dropped with the connection (and its buffer released: the leak detector would tell).
    assertThrows(WebSocketConnectionClosedException.class, ws::recv);
  }

  @Test
  void shutdownClosesAtOnceAndLaterCallsSayClosed() throws Exception {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(ServerAction.sendText("unread"))
            .start();
    WebSocket ws = WebSocket.connect(server.uri("/"));
    server.awaitUpgradedConnection(WAIT);
    ws.shutdown();
    server.connections().get(0).awaitClosed(WAIT);
    assertThrows(WebSocketConnectionClosedException.class, ws::recv);
    assertThrows(WebSocketConnectionClosedException.class, () -> ws.send("late"));
    assertFalse(ws.isConnected());
  }

  @Test
  void closeWhileUnreadMessagesFillTheReceiveBufferStillReadsTheServersAnswer() throws Exception {
    // 8 MiB the application never reads: reading stops at the 64 KiB limit with the server's
    // messages queued in the client and in the socket, ahead of the server's answer to our close.
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(ServerAction.fastSend(8 * 1024, 1024))
            .start();
    ConnectOptions options =
        ConnectOptions.builder()
            .receiveBufferBytes(64 * 1024)
            .closeTimeout(Duration.ofSeconds(60))
            .build();
    WebSocket ws = WebSocket.connect(server.uri("/"), options);
    server.awaitUpgradedConnection(WAIT);
    // Well inside the 60 s close timeout: close reads on past the unread messages to the answer.
    assertTimeoutPreemptively(WAIT, () -> ws.close());
    WebSocketConnectionClosedException e =
        assertThrows(WebSocketConnectionClosedException.class, ws::recv);
    assertEquals(CloseStatus.NORMAL, e.status(), e.getMessage());
  }
}
