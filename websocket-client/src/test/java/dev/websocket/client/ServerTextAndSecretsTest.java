package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.internal.WebSocketUrl;
import dev.websocket.client.testing.ServerAction;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.client.testing.UpgradeResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing secret and nothing hostile in what the client says: the URL's password is masked in every
 * message, a server's text (status line, close reason, headers) is quoted with its control
 * characters escaped, and the trace hides the headers the user names sensitive.
 */
class ServerTextAndSecretsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    WebSocket.enableTrace(false);
    if (server != null) {
      server.close();
    }
  }

  // ---------------------------------------------------------------- the URL's password

  @Test
  void aUrlShowsItsPasswordAsStars() {
    assertEquals(
        "ws://alice:****@example.com:8080/chat?x=1",
        WebSocketUrl.parse("ws://alice:s3cret@example.com:8080/chat?x=1").toString());
    assertEquals(
        "wss://alice@example.com/", WebSocketUrl.parse("wss://alice@example.com/").toString());
    assertEquals("ws://example.com/a@b", WebSocketUrl.parse("ws://example.com/a@b").toString());
  }

  @Test
  void aMalformedUrlsMessageHidesThePassword() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WebSocket.connect("ws://alice:s3cret@example.com:99999/"));
    assertEquals(
        "WebSocket URL ws://alice:****@example.com:99999/ has a port out of range: 99999",
        e.getMessage());
  }

  @Test
  void aFailedConnectsMessageHidesThePassword() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    String url = "ws://alice:s3cret@127.0.0.1:" + port + "/";
    IOException e = assertThrows(IOException.class, () -> WebSocket.connect(url));
    assertFalse(String.valueOf(e).contains("s3cret"), e.toString());
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains("s3cret"), t.toString());
    }
  }

  @Test
  void aRedirectLoopShowsEveryUrlWithoutItsPassword() {
    server =
        TestWebSocketServer.builder().respond("/a", UpgradeResponse.redirect(302, "/a")).start();
    String url = "ws://alice:s3cret@127.0.0.1:" + server.port() + "/a";
    WebSocketException e = assertThrows(WebSocketException.class, () -> WebSocket.connect(url));
    assertEquals(
        "Redirect loop: ws://alice:****@127.0.0.1:"
            + server.port()
            + "/a -> ws://127.0.0.1:"
            + server.port()
            + "/a -> ws://127.0.0.1:"
            + server.port()
            + "/a",
        e.getMessage());
  }

  @Test
  void anAppsToStringHidesThePassword() {
    WebSocketApp app = WebSocketApp.builder("ws://alice:s3cret@example.com/").build();
    assertEquals("WebSocketApp(ws://alice:****@example.com/)", app.toString());
  }

  // ---------------------------------------------------------------- the server's text

  @Test
  void quotingEscapesControlCharactersAndCutsLongText() {
    assertEquals(
        "\"a\\\"b\\\\c\\r\\n\\t\\u001b[2J\\u0085\\u2028\"",
        ServerText.quote("a\"b\\c\r\n\t\u001b[2J\u0085\u2028"));
    assertEquals(
        "\"" + "x".repeat(ServerText.MAX_SHOWN) + "\"... (1000 characters)",
        ServerText.quote("x".repeat(1000)));
    assertEquals("null", ServerText.quote(null));
    assertEquals("say \"hi\" \\u001b[31m", ServerText.escape("say \"hi\" \u001b[31m"));
  }

  @Test
  void aStatusLineWithControlCharactersIsQuotedEscaped() {
    byte[] response =
        "HTTP/1.1 403 No\u001b]0;pwned\u0007 way\r\nContent-Length: 0\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    server = TestWebSocketServer.builder().respond(UpgradeResponse.raw(response)).start();
    WebSocketBadStatusException e =
        assertThrows(WebSocketBadStatusException.class, () -> WebSocket.connect(server.uri("/")));
    assertEquals("Handshake status 403 \"No\\u001b]0;pwned\\u0007 way\"", e.getMessage());
    assertEquals(
        "No\u001b]0;pwned\u0007 way",
        e.statusMessage(),
        "the exception keeps the server's text as it was");
  }

  @Test
  void aCloseReasonWithAForgedLogLineIsQuotedEscaped() throws Exception {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(ServerAction.close(4000, "bye\nERROR admin logged in"))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      WebSocketConnectionClosedException e =
          assertTimeoutPreemptively(
              WAIT, () -> assertThrows(WebSocketConnectionClosedException.class, ws::recv));
      assertEquals(
          "Connection closed by the server: 4000 \"bye\\nERROR admin logged in\"", e.getMessage());
      assertEquals("bye\nERROR admin logged in", e.reason());
    }
  }

  @Test
  void aRedirectToAnotherSchemeIsRefusedWithTheLocationQuotedAndItsPasswordHidden() {
    server =
        TestWebSocketServer.builder()
            .respond("/", UpgradeResponse.redirect(302, "ftp://bob:hunter2@files.example/x"))
            .start();
    WebSocketException e =
        assertThrows(WebSocketException.class, () -> WebSocket.connect(server.uri("/")));
    assertTrue(
        e.getMessage()
            .endsWith(
                "Redirect Location \"ftp://bob:****@files.example/x\" is not a ws:// or wss:// URL"),
        e.getMessage());
  }

  @Test
  void aResponseHeaderWithAControlCharacterIsRefused() {
    server =
        TestWebSocketServer.builder()
            .respond(UpgradeResponse.accept().withHeader("X-Note", "a\u001b[2Jb"))
            .start();
    WebSocketProtocolException e =
        assertThrows(WebSocketProtocolException.class, () -> WebSocket.connect(server.uri("/")));
    assertFalse(e.getMessage().contains("\u001b"), e.getMessage());
  }

  // ---------------------------------------------------------------- the trace

  @Test
  void theTraceHidesTheHeadersNamedSensitive() throws Exception {
    server =
        TestWebSocketServer.builder()
            .respond(UpgradeResponse.accept().withHeader("X-Api-Key", "server-secret"))
            .start();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    WebSocket.enableTrace(true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    ConnectOptions options =
        ConnectOptions.builder()
            .header("X-API-KEY", "client-secret")
            .header("Proxy-Authorization", "Basic cHJveHk6cHc=")
            .sensitiveHeader("x-api-key")
            .build();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
      assertEquals(101, ws.status());
    }
    String trace = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(trace.contains("\nX-API-KEY: ***\n"), trace);
    assertTrue(trace.contains("\nProxy-Authorization: ***\n"), trace);
    assertTrue(trace.contains("\nx-api-key: ***\n"), trace);
    assertFalse(
        trace.contains("client-secret")
            || trace.contains("server-secret")
            || trace.contains("cHJveHk6cHc="),
        trace);
  }
}
