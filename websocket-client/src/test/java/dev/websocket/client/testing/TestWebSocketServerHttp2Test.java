package dev.websocket.client.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.Http2Mode;
import dev.websocket.client.WebSocket;
import dev.websocket.client.WebSocketConnectionClosedException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP/2 variant of the test server: WebSockets as streams of an h2c connection. */
class TestWebSocketServerHttp2Test {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private static WebSocket connect(TestWebSocketServer server, String path) throws Exception {
    return WebSocket.connect(
        server.uri(path),
        ConnectOptions.builder()
            .timeout(WAIT)
            .proxyFromEnvironment(false)
            .http2(Http2Mode.REQUIRE)
            .build());
  }

  @Test
  void takesAWebSocketAsAStreamAndRecordsTheExtendedConnectAndEveryFrame() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.builder().http2().start()) {
      WebSocket ws = connect(server, "/chat?room=1");
      try {
        assertEquals("HTTP/2", ws.httpVersion());
        ws.send("Hello");
        assertEquals("Hello", ws.recv().text());

        RecordedRequest request = server.awaitRequests(1, WAIT).get(0);
        assertEquals("CONNECT", request.method());
        assertEquals("/chat?room=1", request.uri());
        assertEquals("HTTP/2", request.protocolVersion());
        assertEquals("websocket", request.header(":protocol"));
        assertEquals("13", request.header("sec-websocket-version"));
        List<RecordedFrame> frames = server.awaitFrames(1, WAIT);
        assertEquals(RawFrames.TEXT, frames.get(0).opcode());
        assertTrue(frames.get(0).masked());
        assertEquals("Hello", frames.get(0).text());
      } finally {
        ws.abort();
      }
    }
  }

  @Test
  void eachStreamIsAConnectionOfItsOwn() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.builder().http2().start()) {
      WebSocket first = connect(server, "/a");
      WebSocket second = connect(server, "/b");
      try {
        second.send("two");
        first.send("one");
        assertEquals("one", first.recv().text());
        assertEquals("two", second.recv().text());
        List<ServerConnection> connections = server.awaitConnections(2, WAIT);
        assertEquals(2, connections.size());
        assertEquals("two", connections.get(1).awaitFrames(1, WAIT).get(0).text());
      } finally {
        first.abort();
        second.abort();
      }
    }
  }

  @Test
  void closingAConnectionEndsTheStreamAfterTheCloseHandshake() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.builder().http2().start()) {
      WebSocket ws = connect(server, "/");
      try {
        ServerConnection connection = server.awaitUpgradedConnection(WAIT);
        ServerConnection.await(connection.close(1001, "bye"), WAIT, "the close frame");
        WebSocketConnectionClosedException closed =
            assertThrows(WebSocketConnectionClosedException.class, ws::recv);
        assertEquals(1001, closed.status());
        assertEquals("bye", closed.reason());
        connection.awaitClosed(WAIT);
        assertFalse(connection.isOpen());
        assertTrue(server.errors().isEmpty(), () -> "server errors: " + server.errors());
      } finally {
        ws.abort();
      }
    }
  }
}
