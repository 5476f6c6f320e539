package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.RecordedFrame;
import dev.websocket.client.testing.ServerAction;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The blocking facade against the in-process server: sending, receiving, control frames, close. */
class WebSocketEchoTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void textAndBinaryEchoWhole() throws Exception {
    server = TestWebSocketServer.echo();
    try (WebSocket ws = WebSocket.connect(server.uri("/echo"))) {
      assertEquals(101, ws.status());
      ws.send("Hello, world");
      Message text = ws.recv();
      assertTrue(text.isText());
      assertEquals("Hello, world", text.text());
      byte[] bytes = {0, 1, 2, (byte) 0xff};
      ws.send(bytes);
      Message binary = ws.recv();
      assertFalse(binary.isText());
      assertArrayEquals(bytes, binary.bytes());
    }
  }

  @Test
  void everyFrameTheClientSendsIsMaskedWithAFreshKey() throws Exception {
    server = TestWebSocketServer.echo();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      ws.send("a");
      ws.send("b");
      ws.recv();
      ws.recv();
      List<RecordedFrame> frames = server.awaitFrames(2, WAIT);
      assertTrue(frames.get(0).masked() && frames.get(1).masked());
      assertFalse(java.util.Arrays.equals(frames.get(0).maskKey(), frames.get(1).maskKey()));
    }
  }

  @Test
  void userMaskKeySupplierIsUsedForEveryFrame() throws Exception {
    server = TestWebSocketServer.echo();
    byte[] key = {1, 2, 3, 4};
    ConnectOptions options = ConnectOptions.builder().maskKeySupplier(() -> key).build();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
      ws.send("x");
      assertEquals("x", ws.recv().text());
      assertArrayEquals(key, server.awaitFrames(1, WAIT).get(0).maskKey());
    }
  }

  @Test
  void bytesArrivingWithThe101AreNotLost() throws Exception {
    // The server writes the 101 and a text frame in one write.
    server =
        TestWebSocketServer.builder()
            .respond(
                dev.websocket.client.testing.UpgradeResponse.accept()
                    .withBytesInSameWrite(new byte[] {(byte) 0x81, 0x02, 'h', 'i'}))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      assertEquals("hi", ws.recv().text());
    }
  }

  @Test
  void fragmentedMessageFromTheServerIsJoinedWithPingsBetween() throws Exception {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(
                ServerAction.sendFrame(false, 0, 1, "Hel".getBytes(StandardCharsets.UTF_8)),
                ServerAction.sendPing("p"),
                ServerAction.sendFrame(true, 0, 0, "lo".getBytes(StandardCharsets.UTF_8)))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      assertEquals("Hello", ws.recv().text());
    }
  }

  @Test
  void recvDataWithControlFramesShowsThePingThenTheMessage() throws Exception {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(ServerAction.sendPing("are you there"), ServerAction.sendText("yes"))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      Data ping = ws.recvData(true);
      assertEquals(Opcode.PING, ping.opcode());
      assertEquals("are you there", new String(ping.data(), StandardCharsets.UTF_8));
      Data text = ws.recvData(true);
      assertEquals(Opcode.TEXT, text.opcode());
      // The ping was answered with a pong of the same payload.
      RecordedFrame pong = server.awaitFrames(1, WAIT).get(0);
      assertEquals(0xA, pong.opcode());
      assertEquals("are you there", new String(pong.payload(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void fireContFrameDeliversFragmentsOneByOne() throws Exception {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(
                ServerAction.sendFrame(false, 0, 1, "a".getBytes(StandardCharsets.UTF_8)),
                ServerAction.sendFrame(true, 0, 0, "b".getBytes(StandardCharsets.UTF_8)))
            .start();
    ConnectOptions options = ConnectOptions.builder().fireContFrame(true).build();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
      Data first = ws.recvData(false);
      Data second = ws.recvData(false);
      assertEquals(Opcode.TEXT, first.opcode());
      assertFalse(first.isFinal());
      assertEquals(Opcode.CONTINUATION, second.opcode());
      assertTrue(second.isFinal());
    }
  }

  @Test
  void pingAndPongReachTheServer() throws Exception {
    server = TestWebSocketServer.echo();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      ws.ping("hello");
      ws.pong(new byte[] {7});
      List<RecordedFrame> frames = server.awaitFrames(2, WAIT);
      assertEquals(0x9, frames.get(0).opcode());
      assertEquals("hello", new String(frames.get(0).payload(), StandardCharsets.UTF_8));
      assertEquals(0xA, frames.get(1).opcode());
    }
  }

  @Test
  void sendFrameSendsAFragmentedMessage() throws Exception {
    server = TestWebSocketServer.echo();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      ws.sendFrame(
          new Frame(Opcode.TEXT, false, 0, Unpooled.copiedBuffer("frag", StandardCharsets.UTF_8)));
      ws.sendFrame(
          Frame.continuation(true, Unpooled.copiedBuffer("ments", StandardCharsets.UTF_8)));
      assertEquals("fragments", ws.recv().text());
    }
  }

  @Test
  void closeSends1000AndWaitsForTheServersClose() throws Exception {
    server = TestWebSocketServer.echo();
    WebSocket ws = WebSocket.connect(server.uri("/"));
    ws.close();
    assertFalse(ws.isConnected());
    RecordedFrame close = server.awaitFrames(1, WAIT).get(0);
    assertEquals(0x8, close.opcode());
    assertEquals(
        CloseStatus.NORMAL, ((close.payload()[0] & 0xff) << 8) | (close.payload()[1] & 0xff));
    assertThrows(WebSocketConnectionClosedException.class, () -> ws.send("late"));
  }

  @Test
  void serverCloseIsAnsweredAndItsStatusReachesTheUser() throws Exception {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(ServerAction.close(4001, "bye now"))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      Data close = ws.recvData(true);
      assertEquals(Opcode.CLOSE, close.opcode());
      WebSocketConnectionClosedException e =
          assertThrows(WebSocketConnectionClosedException.class, ws::recv);
      assertEquals(4001, e.status());
      assertEquals("bye now", e.reason());
      RecordedFrame reply = server.awaitFrames(1, WAIT).get(0);
      assertEquals(0x8, reply.opcode());
      assertEquals(4001, ((reply.payload()[0] & 0xff) << 8) | (reply.payload()[1] & 0xff));
    }
  }

  @Test
  void recvTimeoutLeavesTheConnectionUsable() throws Exception {
    server = TestWebSocketServer.echo();
    ConnectOptions options = ConnectOptions.builder().timeout(Duration.ofMillis(200)).build();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
      assertThrows(WebSocketTimeoutException.class, ws::recv);
      ws.send("still here");
      assertEquals("still here", ws.recv().text());
    }
  }

  @Test
  void closeFromAnotherThreadUnblocksRecv() throws Exception {
    server = TestWebSocketServer.echo();
    WebSocket ws = WebSocket.connect(server.uri("/"));
    Thread closer =
        new Thread(
            () -> {
              try {
                ws.close();
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
    assertTimeoutPreemptively(
        WAIT,
        () -> {
          closer.start();
          assertThrows(WebSocketConnectionClosedException.class, ws::recv);
          closer.join();
        });
  }
}
