package dev.websocket.client.testing;

import static dev.websocket.client.testing.JdkClients.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TestWebSocketServerEchoTest {

  @Test
  void echoesATextMessageAsText() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.echo()) {
      JdkClientListener listener = new JdkClientListener();
      WebSocket ws = JdkClients.connect(JdkClients.plain(), server.uri("/echo"), listener);

      ws.sendText("Hello", true).get(10, TimeUnit.SECONDS);

      JdkClientListener.Message echo = listener.nextMessage(TIMEOUT);
      assertTrue(echo.text());
      assertEquals("Hello", echo.asText());
      ws.abort();
    }
  }

  @Test
  void echoesABinaryMessageAsBinary() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.echo()) {
      JdkClientListener listener = new JdkClientListener();
      WebSocket ws = JdkClients.connect(JdkClients.plain(), server.uri("/echo"), listener);
      byte[] payload = {0, 1, 2, (byte) 0xff};

      ws.sendBinary(ByteBuffer.wrap(payload), true).get(10, TimeUnit.SECONDS);

      JdkClientListener.Message echo = listener.nextMessage(TIMEOUT);
      assertFalse(echo.text());
      assertArrayEquals(payload, echo.bytes());
      ws.abort();
    }
  }

  @Test
  void echoesAFragmentedMessageWholeAndRecordsEachFragment() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.echo()) {
      JdkClientListener listener = new JdkClientListener();
      WebSocket ws = JdkClients.connect(JdkClients.plain(), server.uri("/echo"), listener);

      ws.sendText("Hel", false).get(10, TimeUnit.SECONDS);
      ws.sendText("lo", true).get(10, TimeUnit.SECONDS);

      assertEquals("Hello", listener.nextMessage(TIMEOUT).asText());
      List<RecordedFrame> frames = server.awaitFrames(2, TIMEOUT);
      assertEquals(RawFrames.TEXT, frames.get(0).opcode());
      assertFalse(frames.get(0).fin());
      assertEquals("Hel", frames.get(0).text());
      assertEquals(RawFrames.CONTINUATION, frames.get(1).opcode());
      assertTrue(frames.get(1).fin());
      assertEquals("lo", frames.get(1).text());
      assertEquals(1, server.messagesReceived());
      ws.abort();
    }
  }

  @Test
  void answersAClientCloseWithTheSameCodeAndThenClosesTheConnection() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.echo()) {
      JdkClientListener listener = new JdkClientListener();
      WebSocket ws = JdkClients.connect(JdkClients.plain(), server.uri("/echo"), listener);

      ws.sendClose(4001, "done").get(10, TimeUnit.SECONDS);

      assertEquals(
          new JdkClientListener.Close(4001, "done"), listener.closed().get(10, TimeUnit.SECONDS));
      server.awaitUpgradedConnection(TIMEOUT).awaitClosed(TIMEOUT);
    }
  }

  @Test
  void reportsItsAddressAsAWsUrlOnTheLoopbackAddress() {
    try (TestWebSocketServer server = TestWebSocketServer.echo()) {
      assertTrue(server.port() > 0);
      assertEquals("ws://127.0.0.1:" + server.port() + "/a?b=c", server.uri("/a?b=c"));
      assertEquals("ws://localhost:" + server.port() + "/x", server.uri("localhost", "/x"));
    }
  }
}
