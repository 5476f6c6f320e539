package dev.websocket.client.testing;

import static dev.websocket.client.testing.JdkClients.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestWebSocketServerUnixSocketTest {

  @TempDir Path dir;

  @BeforeEach
  void needsEpoll() {
    assumeTrue(
        TestWebSocketServer.unixSocketsAvailable(),
        "Unix domain sockets need Netty's native epoll transport (Linux x86_64)");
  }

  @Test
  void echoesOverAUnixDomainSocket() throws Exception {
    Path socket = dir.resolve("ws.sock");
    try (TestWebSocketServer server = TestWebSocketServer.builder().unixSocket(socket).start();
        RawClient client = RawClient.connect(server)) {
      String head = client.handshake("/over/unix");
      assertTrue(head.startsWith("HTTP/1.1 101 "), head);
      assertTrue(head.contains("Sec-WebSocket-Accept: " + RawClient.ACCEPT + "\r\n"), head);

      client.sendText("over unix");

      RecordedFrame echo = client.readFrame();
      assertEquals(RawFrames.TEXT, echo.opcode());
      assertFalse(echo.masked());
      assertEquals("over unix", echo.text());
      assertEquals("/over/unix", server.awaitRequests(1, TIMEOUT).get(0).uri());
    }
  }

  @Test
  void namesItsSocketInAWsUnixUrlAndRemovesItOnClose() {
    Path socket = dir.resolve("named.sock");
    try (TestWebSocketServer server = TestWebSocketServer.builder().unixSocket(socket).start()) {
      assertTrue(Files.exists(socket));
      assertEquals("ws+unix://" + socket.toAbsolutePath() + ":/chat", server.uri("/chat"));
    }
    assertFalse(Files.exists(socket));
  }
}
