package dev.websocket.client.testing;

import static dev.websocket.client.testing.JdkClients.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.testing.Hex;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TestWebSocketServerRecordingTest {

  @Test
  void recordsTheHandshakeRequestWithHeadersInOrderAndAsSpelled() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.echo();
        RawClient client = RawClient.connect(server)) {
      client.handshake(
          "/chat?room=1", "X-Custom-Header: one", "x-lower: two", "X-Custom-Header: three");

      RecordedRequest request = server.awaitRequests(1, TIMEOUT).get(0);

      assertEquals("GET", request.method());
      assertEquals("/chat?room=1", request.uri());
      assertEquals("/chat", request.path());
      assertEquals("room=1", request.query());
      assertEquals("HTTP/1.1", request.protocolVersion());
      assertEquals(
          List.of(
              "Host",
              "Upgrade",
              "Connection",
              "Sec-WebSocket-Key",
              "Sec-WebSocket-Version",
              "X-Custom-Header",
              "x-lower",
              "X-Custom-Header"),
          request.headerNames());
      assertEquals(List.of("one", "three"), request.headerValues("x-custom-header"));
      assertEquals(RawClient.KEY, request.header("sec-websocket-key"));
    }
  }

  @Test
  void recordsEachFrameExactlyAsTheClientWroteIt() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.echo();
        RawClient client = RawClient.connect(server)) {
      client.handshake("/");
      client.write(
          Hex.decode(
              """
          81 85 37 fa 21 3d 7f 9f 4d 51 58   // FIN TEXT masked len=5 "Hello" (RFC 6455 5.7)
          89 80 01 02 03 04                  // FIN PING masked len=0
          """));

      List<RecordedFrame> frames = server.awaitFrames(2, TIMEOUT);

      RecordedFrame text = frames.get(0);
      assertTrue(text.fin());
      assertEquals(0, text.rsv());
      assertEquals(RawFrames.TEXT, text.opcode());
      assertTrue(text.masked());
      assertArrayEquals(RawClient.MASK_KEY, text.maskKey());
      assertEquals("Hello", text.text());
      assertEquals(0, text.connection());
      RecordedFrame ping = frames.get(1);
      assertEquals(RawFrames.PING, ping.opcode());
      assertArrayEquals(new byte[] {1, 2, 3, 4}, ping.maskKey());
      assertEquals(0, ping.payload().length);
    }
  }

  @Test
  void recordsAnUnmaskedFrameAndFailsTheConnectionWith1002() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.echo();
        RawClient client = RawClient.connect(server)) {
      client.handshake("/");
      client.write(RawFrames.text("bare"));

      RecordedFrame recorded = server.awaitFrames(1, TIMEOUT).get(0);
      assertFalse(recorded.masked());
      assertEquals("bare", recorded.text());
      RecordedFrame close = client.readFrame();
      assertEquals(RawFrames.CLOSE, close.opcode());
      assertEquals(1002, close.closeCode());
      assertTrue(server.awaitErrors(1, TIMEOUT).get(0) instanceof CorruptedWebSocketFrameException);
    }
  }

  @Test
  void recordsFramesFromTheJdkClientAsMasked() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.echo()) {
      JdkClientListener listener = new JdkClientListener();
      WebSocket ws = JdkClients.connect(JdkClients.plain(), server.uri("/"), listener);

      ws.sendText("masked?", true).get(10, TimeUnit.SECONDS);

      RecordedFrame frame = server.awaitFrames(1, TIMEOUT).get(0);
      assertTrue(frame.masked());
      assertEquals("masked?", frame.text());
      ws.abort();
    }
  }

  @Test
  void waitingForFramesThatNeverComeFailsNamingWhatWasSeen() {
    try (TestWebSocketServer server = TestWebSocketServer.echo()) {
      AssertionError error =
          assertThrows(AssertionError.class, () -> server.awaitFrames(1, Duration.ofMillis(20)));
      assertTrue(error.getMessage().contains("waiting for 1 frames; have 0"), error.getMessage());
    }
  }
}
