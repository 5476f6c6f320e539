package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.FastSender;
import dev.websocket.client.testing.Http2FlowWatch;
import dev.websocket.client.testing.ServerConnection;
import dev.websocket.client.testing.TestWebSocketServer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 stream flow control as the server feels it: a WebSocket whose application does not read
 * stops granting its stream credit, so the server's send window for that stream falls to 0 and the
 * server can push no more than the client's receive buffer and one window, while the other
 * WebSockets of the same connection keep flowing; reading again lets everything through, in order.
 */
class Http2FlowControlTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int RECEIVE_BUFFER = 256 * 1024;
  private static final int MESSAGE = 16 * 1024;

  /** 32 MiB: what the server would push if nothing held it back. */
  private static final int MESSAGES = 2048;

  /**
   * What the server may have sent by the time the client stops granting: the receive buffer it
   * fills before it pauses, the frame that crosses it, and what the stream's window still lets
   * through (HTTP/2's default of 65,535 bytes, counted twice for updates in flight).
   */
  private static final long SENT_BOUND = RECEIVE_BUFFER + MESSAGE + 2 * 65_535L;

  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static ConnectOptions options() {
    return ConnectOptions.builder()
        .timeout(WAIT)
        .proxyFromEnvironment(false)
        .http2(Http2Mode.REQUIRE)
        .receiveBufferBytes(RECEIVE_BUFFER)
        .build();
  }

  @Test
  void aBlockingWebSocketThatDoesNotReadHoldsTheServersStreamAtAZeroWindow() throws Exception {
    server = TestWebSocketServer.builder().http2().start();
    WebSocket idle = WebSocket.connect(server.uri("/idle"), options());
    WebSocket other = null;
    try {
      ServerConnection stream = server.awaitUpgradedConnection(WAIT);
      CompletableFuture<Integer> pushed = stream.fastSend(MESSAGES, MESSAGE);

      Http2FlowWatch.StreamFlow stalled = stream.http2Flow().awaitStalled(stream, WAIT);
      assertHeldBack(stalled, pushed);
      assertTrue(
          stalled.sent() >= RECEIVE_BUFFER,
          () ->
              "The client stopped granting after " + stalled.sent() + " bytes, before its buffer");

      other = WebSocket.connect(server.uri("/other"), options());
      assertOtherStreamFlows(other, stream);
      assertEquals(0, stream.http2Flow().flow(stream).window(), "the idle stream is still held");

      for (int i = 0; i < MESSAGES; i++) {
        assertArrayEquals(FastSender.payload(i, MESSAGE), idle.recv().bytes(), "message " + i);
      }
      assertEquals(MESSAGES, pushed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } finally {
      idle.abort();
      if (other != null) {
        other.abort();
      }
    }
  }

  @Test
  void anAsyncWebSocketWithoutDemandHoldsTheServersStreamAtAZeroWindow() throws Exception {
    server = TestWebSocketServer.builder().http2().start();
    LinkedBlockingQueue<ByteBuffer> received = new LinkedBlockingQueue<>();
    WebSocketListener noDemand =
        new WebSocketListener() {
          @Override
          public void onOpen(AsyncWebSocket ws) {
            // no request(): the application wants nothing yet
          }

          @Override
          public void onBinary(AsyncWebSocket ws, ByteBuffer data) {
            received.add(data);
            ws.request(1);
          }
        };
    AsyncWebSocket idle =
        WebSocket.connectAsync(server.uri("/idle"), options(), noDemand)
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    WebSocket other = null;
    try {
      ServerConnection stream = server.awaitUpgradedConnection(WAIT);
      CompletableFuture<Integer> pushed = stream.fastSend(MESSAGES, MESSAGE);

      Http2FlowWatch.StreamFlow stalled = stream.http2Flow().awaitStalled(stream, WAIT);
      assertHeldBack(stalled, pushed);

      other = WebSocket.connect(server.uri("/other"), options());
      assertOtherStreamFlows(other, stream);

      idle.request(1);
      for (int i = 0; i < MESSAGES; i++) {
        ByteBuffer data = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(data != null, "message " + i + " did not come");
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        assertArrayEquals(FastSender.payload(i, MESSAGE), bytes, "message " + i);
      }
      assertEquals(MESSAGES, pushed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } finally {
      idle.abort();
      if (other != null) {
        other.abort();
      }
    }
  }

  private static void assertHeldBack(
      Http2FlowWatch.StreamFlow stalled, CompletableFuture<Integer> pushed) {
    assertEquals(0, stalled.window(), "the server's send window for the stream");
    assertTrue(stalled.dataWaiting(), "the server has more to send");
    assertTrue(
        stalled.sent() <= SENT_BOUND,
        () -> "The server pushed " + stalled.sent() + " bytes, over " + SENT_BOUND);
    assertFalse(pushed.isDone(), "the server could not write everything");
  }

  /** A second WebSocket on the same connection: a 1 MiB message goes out and comes back. */
  private void assertOtherStreamFlows(WebSocket other, ServerConnection idleStream)
      throws Exception {
    ServerConnection stream = server.awaitConnections(2, WAIT).get(1);
    assertTrue(stream.sameHttp2Connection(idleStream), "one HTTP/2 connection for both");
    byte[] big = FastSender.payload(7, 1024 * 1024);
    other.send(big);
    assertArrayEquals(big, other.recv().bytes());
  }
}
