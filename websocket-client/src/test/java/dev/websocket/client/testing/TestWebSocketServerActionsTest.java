package dev.websocket.client.testing;

import static dev.websocket.client.testing.JdkClients.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TestWebSocketServerActionsTest {

  @Test
  void closesWithTheScriptedCodeAndReasonThenClosesTcpWhenTheClientAnswers() throws Exception {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder()
            .afterHandshake(ServerAction.sendText("bye soon"), ServerAction.close(4000, "bye"))
            .start()) {
      JdkClientListener listener = new JdkClientListener();
      JdkClients.connect(JdkClients.plain(), server.uri("/"), listener);

      assertEquals("bye soon", listener.nextMessage(TIMEOUT).asText());
      assertEquals(
          new JdkClientListener.Close(4000, "bye"), listener.closed().get(10, TimeUnit.SECONDS));
      ServerConnection connection = server.awaitUpgradedConnection(TIMEOUT);
      connection.awaitClosed(TIMEOUT);
      assertEquals(RawFrames.CLOSE, connection.awaitFrames(1, TIMEOUT).get(0).opcode());
    }
  }

  @Test
  void sendsACloseFrameButKeepsTcpOpenEvenAfterTheClientAnswers() throws Exception {
    try (TestWebSocketServer server =
            TestWebSocketServer.builder()
                .afterHandshake(ServerAction.sendCloseFrameKeepTcpOpen(1001, "going"))
                .start();
        RawClient client = RawClient.connect(server)) {
      client.handshake("/");
      RecordedFrame close = client.readFrame();
      assertEquals(1001, close.closeCode());
      assertEquals("going", close.closeReason());

      client.sendFrame(true, 0, RawFrames.CLOSE, RawFrames.closePayload(1001, ""));
      ServerConnection connection = server.awaitUpgradedConnection(TIMEOUT);
      connection.awaitFrames(1, TIMEOUT);
      // still writable afterwards: the connection was not closed
      connection.sendText("still here").get(10, TimeUnit.SECONDS);

      assertEquals("still here", client.readFrame().text());
    }
  }

  @Test
  void answersPingsWithTheSamePayloadAndCountsBoth() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.echo()) {
      JdkClientListener listener = new JdkClientListener();
      WebSocket ws = JdkClients.connect(JdkClients.plain(), server.uri("/"), listener);

      ws.sendPing(ByteBuffer.wrap("p1".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);

      assertArrayEquals("p1".getBytes(StandardCharsets.UTF_8), listener.nextPong(TIMEOUT));
      assertEquals(1, server.pingsReceived());
      assertEquals(1, server.pongsSent());
      ws.abort();
    }
  }

  @Test
  void swallowedPingsAreCountedButNeverAnswered() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.builder().swallowPings().start()) {
      JdkClientListener listener = new JdkClientListener();
      WebSocket ws = JdkClients.connect(JdkClients.plain(), server.uri("/"), listener);

      ws.sendPing(ByteBuffer.wrap(new byte[] {1})).get(10, TimeUnit.SECONDS);
      ws.sendText("after the ping", true).get(10, TimeUnit.SECONDS);

      // a pong would have been written before this echo, and the client delivers in order
      assertEquals("after the ping", listener.nextMessage(TIMEOUT).asText());
      assertEquals(0, listener.pendingPongs());
      assertEquals(1, server.pingsReceived());
      assertEquals(0, server.pongsSent());
      ws.abort();
    }
  }

  @Test
  void resetsTheConnectionInTheMiddleOfAFrame() throws Exception {
    try (TestWebSocketServer server =
            TestWebSocketServer.builder().afterHandshake(ServerAction.resetMidFrame()).start();
        RawClient client = RawClient.connect(server)) {
      client.handshake("/");

      IOException reset = assertThrows(IOException.class, client::readToEnd);

      assertTrue(reset.getMessage().toLowerCase(Locale.ROOT).contains("reset"), reset.toString());
    }
  }

  @Test
  void sendsEveryMessageOfAFastRunWholeAndInOrder() throws Exception {
    int count = 200;
    int size = 10_000;
    try (TestWebSocketServer server =
        TestWebSocketServer.builder().afterHandshake(ServerAction.fastSend(count, size)).start()) {
      // This project's client reads the run: it neither buffers ahead nor reassembles in parts.
      try (dev.websocket.client.WebSocket ws =
          dev.websocket.client.WebSocket.connect(
              server.uri("/"),
              dev.websocket.client.ConnectOptions.builder()
                  .compression(false)
                  .timeout(TIMEOUT)
                  .build())) {
        for (int i = 0; i < count; i++) {
          assertArrayEquals(FastSender.payload(i, size), ws.recv().bytes(), "message " + i);
        }
      }
    }
  }

  @Test
  void aPausedServerReadsNothingUntilResumed() throws Exception {
    byte[] frame =
        RawFrames.maskedFrame(true, 0, RawFrames.BINARY, new byte[16 * 1024], RawClient.MASK_KEY);
    try (TestWebSocketServer server =
            TestWebSocketServer.builder().pauseReadingAfterHandshake().echo(false).start();
        RawClient client = RawClient.connect(server)) {
      client.handshake("/");
      server.awaitUpgradedConnection(TIMEOUT);

      // write until the socket takes no more: only possible when the server is not reading
      int written = 0;
      ByteBuffer buffer = ByteBuffer.wrap(frame);
      while (client.writeWithoutWaiting(buffer) > 0) {
        if (!buffer.hasRemaining()) {
          written++;
          buffer.rewind();
        }
        if (written > 10_000) {
          fail("160 MB went out without the server reading: it is not paused");
        }
      }
      assertTrue(server.frames().isEmpty(), "frames read while paused: " + server.frames().size());

      server.resumeReading();
      if (buffer.position() > 0) {
        client.write(Arrays.copyOfRange(frame, buffer.position(), frame.length));
        written++;
      }

      assertEquals(written, server.awaitFrames(written, TIMEOUT).size());
    }
  }

  @Test
  void aLiveConnectionCanBeToldToSendLater() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.echo()) {
      JdkClientListener listener = new JdkClientListener();
      WebSocket ws = JdkClients.connect(JdkClients.plain(), server.uri("/"), listener);

      server.awaitUpgradedConnection(TIMEOUT).sendText("pushed").get(10, TimeUnit.SECONDS);

      assertEquals("pushed", listener.nextMessage(TIMEOUT).asText());
      ws.abort();
    }
  }
}
