package dev.websocket.wsdump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.RecordedFrame;
import dev.websocket.client.testing.RecordedRequest;
import dev.websocket.client.testing.ServerAction;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.client.testing.UpgradeResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each option against the client's recording test server: what the server saw (headers, origin,
 * subprotocols, frames) and what wsdump printed.
 */
class ServerOptionsTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void headersAreSentAsGiven() {
    try (TestWebSocketServer server = TestWebSocketServer.echo()) {
      Cli.Result result = Cli.run("", server.uri("/"), "--headers", "X-Token: abc, X-Trace-Id: 42");

      assertEquals(0, result.status(), result::toString);
      RecordedRequest request = server.awaitRequests(1, WAIT).get(0);
      assertEquals("abc", request.header("X-Token"));
      assertEquals("42", request.header("X-Trace-Id"));
    }
  }

  @Test
  void malformedHeaderIsAUsageError() {
    Cli.Result result = Cli.run("", "ws://127.0.0.1:9/", "--headers", "X-Token abc");

    assertEquals(2, result.status(), result::toString);
    assertEquals(
        "wsdump: error: --headers: 'X-Token abc' is not 'Name: value' (see wsdump --help)\n",
        result.err());
  }

  @Test
  void originIsSent() {
    try (TestWebSocketServer server = TestWebSocketServer.echo()) {
      Cli.Result result = Cli.run("", server.uri("/"), "-o", "https://example.com");

      assertEquals(0, result.status(), result::toString);
      assertEquals("https://example.com", server.awaitRequests(1, WAIT).get(0).header("Origin"));
    }
  }

  @Test
  void subprotocolsAreOfferedInOrder() {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder()
            .respond(UpgradeResponse.accept().withFirstOfferedSubprotocol())
            .start()) {
      Cli.Result result = Cli.run("hi\n", "-s", "chat", "superchat", server.uri("/"));

      assertEquals(0, result.status(), result::toString);
      assertEquals("< hi\n", result.out(), result::toString);
      assertEquals(
          List.of("chat", "superchat"),
          server.awaitRequests(1, WAIT).get(0).headerTokens("Sec-WebSocket-Protocol"));
    }
  }

  @Test
  void verboseOneShowsPingsAndAnswersThem() {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder().afterHandshake(ServerAction.sendPing("hello")).start()) {
      // The wait lets the ping arrive, and its pong go out, before our close.
      Cli.Result result = Cli.run("", server.uri("/"), "-v", "1", "--eof-wait", "0.5");

      assertEquals("< ping: hello\n", result.out(), result::toString);
      RecordedFrame pong = pong(server);
      assertEquals("hello", pong.text());
    }
  }

  @Test
  void pingsAreAnsweredQuietlyWithoutVerbose() {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder()
            .afterHandshake(ServerAction.sendPing("keepalive"), ServerAction.sendText("after"))
            .start()) {
      Cli.Result result = Cli.run("", server.uri("/"), "--eof-wait", "0.5");

      assertEquals("< after\n", result.out(), result::toString);
      assertEquals("keepalive", pong(server).text());
    }
  }

  @Test
  void serverCloseIsPrintedWithCodeAndReasonAndEndsTheSession() {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder()
            .afterHandshake(
                ServerAction.sendText("bye soon"), ServerAction.close(1001, "going away"))
            .start()) {
      Cli.HeldOpenInput input = new Cli.HeldOpenInput("");
      try {
        Cli.Result result = Cli.run(input, server.uri("/"));

        assertEquals(0, result.status(), result::toString);
        assertEquals("< bye soon\n< close: 1001 \"going away\"\n", result.out(), result::toString);
      } finally {
        input.end();
      }
    }
  }

  @Test
  void eofWaitKeepsReceivingAfterTheEndOfInput() {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder()
            .afterHandshake(after(Duration.ofMillis(300), ServerAction.sendText("late")))
            .start()) {
      Cli.Result result = Cli.run("", server.uri("/"), "--eof-wait", "2");

      assertEquals("< late\n", result.out(), result::toString);
      assertTrue(result.elapsed().compareTo(Duration.ofMillis(1900)) >= 0, result::toString);
    }
  }

  @Test
  void withoutEofWaitTheSessionClosesAtTheEndOfInput() {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder()
            .afterHandshake(after(Duration.ofSeconds(3), ServerAction.sendText("late")))
            .start()) {
      Cli.Result result = Cli.run("", server.uri("/"));

      assertEquals(0, result.status(), result::toString);
      assertEquals("", result.out(), result::toString);
      assertTrue(result.elapsed().compareTo(Duration.ofSeconds(3)) < 0, result::toString);
      RecordedFrame close = server.awaitFrames(1, WAIT).get(0);
      assertEquals(1000, close.closeCode());
    }
  }

  @Test
  void initialTextIsTheFirstFrame() {
    try (TestWebSocketServer server = TestWebSocketServer.echo()) {
      Cli.Result result = Cli.run("typed\n", server.uri("/"), "--text", "first");

      assertEquals("< first\n< typed\n", result.out(), result::toString);
      List<RecordedFrame> frames = server.awaitFrames(2, WAIT);
      assertEquals("first", frames.get(0).text());
      assertEquals("typed", frames.get(1).text());
    }
  }

  @Test
  void gzipBinaryIsShownDecompressed() throws IOException {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder()
            .afterHandshake(ServerAction.sendBinary(gzip("hello gzip")))
            .start()) {
      assertEquals("< [gzip] hello gzip\n", Cli.run("", server.uri("/")).out());
    }
  }

  @Test
  void deflateBinaryIsShownDecompressed() {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder()
            .afterHandshake(
                ServerAction.sendBinary(deflate("hello deflate", true)),
                ServerAction.sendBinary(deflate("hello zlib", false)))
            .start()) {
      assertEquals(
          "< [zlib] hello deflate\n< [zlib] hello zlib\n", Cli.run("", server.uri("/")).out());
    }
  }

  @Test
  void otherBinaryIsShownAsEscapedBytes() {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder()
            .afterHandshake(ServerAction.sendBinary(new byte[] {0, 1, 'a', '\n', (byte) 0xFF}))
            .start()) {
      assertEquals("< b'\\x00\\x01a\\n\\xff'\n", Cli.run("", server.uri("/")).out());
    }
  }

  @Test
  void binaryWithVerboseIsLabelled() throws IOException {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder()
            .afterHandshake(ServerAction.sendBinary(gzip("{\"k\":1}")))
            .start()) {
      assertEquals(
          "< binary: [gzip] {\n  \"k\": 1\n}\n",
          Cli.run("", server.uri("/"), "-v", "--json").out());
    }
  }

  @Test
  void nocertConnectsToASelfSignedServer() {
    try (TestWebSocketServer server = TestWebSocketServer.builder().tls().start()) {
      Cli.Result result = Cli.run("secure\n", server.uri("/"), "-n");

      assertEquals(0, result.status(), result::toString);
      assertEquals("< secure\n", result.out(), result::toString);
    }
  }

  @Test
  void brokenConnectionIsAnError() {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder()
            .afterHandshake(ServerAction.sendText("partial"), ServerAction.closeTcp())
            .start()) {
      Cli.HeldOpenInput input = new Cli.HeldOpenInput("");
      try {
        Cli.Result result = Cli.run(input, server.uri("/"));

        assertEquals(1, result.status(), result::toString);
        assertEquals("< partial\n", result.out(), result::toString);
        assertTrue(result.err().startsWith("wsdump: error: "), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
      } finally {
        input.end();
      }
    }
  }

  @Test
  void linesAfterTheServerClosedAreNotSent() {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder().afterHandshake(ServerAction.close(1000, "")).start()) {
      Cli.HeldOpenInput input = new Cli.HeldOpenInput("");
      try {
        Cli.Result result = Cli.run(input, server.uri("/"));

        assertEquals("< close: 1000\n", result.out(), result::toString);
        assertFalse(
            server.frames().stream().anyMatch(f -> f.opcode() == 1), server.frames()::toString);
      } finally {
        input.end();
      }
    }
  }

  /** The first pong the server received. */
  private static RecordedFrame pong(TestWebSocketServer server) {
    return server.awaitFrames(2, WAIT).stream()
        .filter(f -> f.opcode() == 0xA)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no pong among " + server.frames()));
  }

  /** A step that runs {@code action} after a delay, without holding the server's event loop. */
  private static ServerAction after(Duration delay, ServerAction action) {
    return c ->
        CompletableFuture.runAsync(
                () -> {},
                CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS))
            .thenCompose(ignored -> action.run(c));
  }

  private static byte[] gzip(String text) throws IOException {
    return BinaryPayloadsTest.gzip(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] deflate(String text, boolean raw) {
    return BinaryPayloadsTest.deflate(text.getBytes(StandardCharsets.UTF_8), raw);
  }
}
