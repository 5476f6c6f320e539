package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.RecordedRequest;
import dev.websocket.client.testing.TestCertificates;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.client.testing.UpgradeResponse;
import dev.websocket.codec.CloseStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way the opening handshake can go wrong, and the redirects it follows (RFC 6455 section 4.1,
 * the client's checks of the server's response): each failure is a typed exception whose message
 * names what was wrong.
 */
class HandshakeFailureTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private TestWebSocketServer server;
  private TestWebSocketServer other;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (other != null) {
      other.close();
    }
  }

  private <T extends Throwable> T connectFails(
      Class<T> type, UpgradeResponse response, ConnectOptions options) {
    server = TestWebSocketServer.builder().respond(response).start();
    return assertThrows(type, () -> WebSocket.connect(server.uri("/"), options).close());
  }

  // ---------------------------------------------------------------- a bad 101

  @Test
  void wrongAcceptIsAProtocolError() {
    WebSocketProtocolException e =
        connectFails(
            WebSocketProtocolException.class,
            UpgradeResponse.accept().withAccept("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),
            ConnectOptions.DEFAULT);
    assertTrue(
        e.getMessage()
            .startsWith(
                "Handshake response has a wrong Sec-WebSocket-Accept: \"s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\" (expected "),
        e.getMessage());
    assertEquals(CloseStatus.PROTOCOL_ERROR, e.closeStatus());
  }

  @Test
  void missingAcceptIsAProtocolErrorAtOnce() {
    // Netty's HTTP decoder takes such a 101 for Hixie-76 and waits for a body: it must not hang.
    WebSocketProtocolException e =
        connectFails(
            WebSocketProtocolException.class,
            UpgradeResponse.accept().withoutHeader("Sec-WebSocket-Accept"),
            ConnectOptions.builder().timeout(Duration.ofSeconds(5)).build());
    assertEquals("Handshake response has no Sec-WebSocket-Accept header", e.getMessage());
  }

  @Test
  void missingUpgradeIsAProtocolError() {
    WebSocketProtocolException e =
        connectFails(
            WebSocketProtocolException.class,
            UpgradeResponse.accept().withoutHeader("Upgrade"),
            ConnectOptions.DEFAULT);
    assertEquals(
        "Handshake response has no 'Upgrade: websocket' header (got null)", e.getMessage());
  }

  @Test
  void missingConnectionUpgradeIsAProtocolError() {
    WebSocketProtocolException e =
        connectFails(
            WebSocketProtocolException.class,
            UpgradeResponse.accept().withoutHeader("Connection"),
            ConnectOptions.DEFAULT);
    assertEquals(
        "Handshake response has no 'Connection: Upgrade' header (got null)", e.getMessage());
  }

  @Test
  void connectionWithoutTheUpgradeTokenIsAProtocolError() {
    server =
        TestWebSocketServer.builder()
            .handshake(
                request ->
                    switchingProtocols(request, "Upgrade: websocket", "Connection: keep-alive"))
            .start();
    WebSocketProtocolException e =
        assertThrows(
            WebSocketProtocolException.class, () -> WebSocket.connect(server.uri("/")).close());
    assertEquals(
        "Handshake response has no 'Connection: Upgrade' header (got \"keep-alive\")",
        e.getMessage());
  }

  @Test
  void upgradeAndConnectionTokensAreCaseInsensitive() throws Exception {
    server =
        TestWebSocketServer.builder()
            .handshake(
                request ->
                    switchingProtocols(
                        request, "UPGRADE: WebSocket", "connection: keep-alive, UPGRADE"))
            .start();
    WebSocket ws = WebSocket.connect(server.uri("/"));
    try {
      assertEquals(101, ws.status());
      assertTrue(ws.isConnected());
    } finally {
      // The scripted server does not speak WebSocket after its raw 101: no close handshake.
      ws.shutdown();
    }
  }

  /** A raw 101 with these Upgrade and Connection lines and the right accept key. */
  private static UpgradeResponse switchingProtocols(
      RecordedRequest request, String upgrade, String connection) {
    String accept = UpgradeResponse.acceptFor(request.header("Sec-WebSocket-Key"));
    String head =
        "HTTP/1.1 101 Switching Protocols\r\n"
            + upgrade
            + "\r\n"
            + connection
            + "\r\n"
            + "Sec-WebSocket-Accept: "
            + accept
            + "\r\n\r\n";
    return UpgradeResponse.raw(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .keepConnectionOpen();
  }

  @Test
  void subprotocolThatWasNotOfferedIsAProtocolError() {
    WebSocketProtocolException e =
        connectFails(
            WebSocketProtocolException.class,
            UpgradeResponse.accept().withSubprotocol("superchat"),
            ConnectOptions.builder().subprotocols("chat").build());
    assertEquals(
        "Server selected subprotocol \"superchat\" which was not offered [chat]", e.getMessage());
  }

  @Test
  void subprotocolWhenNoneWasOfferedIsAProtocolError() {
    WebSocketProtocolException e =
        connectFails(
            WebSocketProtocolException.class,
            UpgradeResponse.accept().withSubprotocol("chat"),
            ConnectOptions.DEFAULT);
    assertEquals("Server selected subprotocol \"chat\" which was not offered []", e.getMessage());
  }

  @Test
  void extensionThatWasNotOfferedFailsWith1010() {
    WebSocketProtocolException e =
        connectFails(
            WebSocketProtocolException.class,
            UpgradeResponse.accept().withExtensions("x-webkit-deflate-frame"),
            ConnectOptions.DEFAULT);
    assertEquals(
        "Server selected extension \"x-webkit-deflate-frame\" which was not offered",
        e.getMessage());
    assertEquals(CloseStatus.INVALID_EXTENSION, e.closeStatus());
  }

  @Test
  void deflateWhenCompressionIsOffIsNotAccepted() {
    ConnectOptions options = ConnectOptions.builder().compression(false).build();
    WebSocketProtocolException e =
        connectFails(
            WebSocketProtocolException.class,
            UpgradeResponse.accept().withExtensions("permessage-deflate"),
            options);
    assertEquals(
        "Server selected extension \"permessage-deflate\" which was not offered", e.getMessage());
    assertNull(server.requests().get(0).header("Sec-WebSocket-Extensions"));
  }

  // ---------------------------------------------------------------- not 101

  @Test
  void notFoundCarriesStatusHeadersAndTheStartOfTheBody() {
    WebSocketBadStatusException e =
        connectFails(
            WebSocketBadStatusException.class,
            UpgradeResponse.status(404, "Not Found")
                .withHeader("X-Reason", "no such room")
                .withHeader("Content-Type", "text/html")
                .withBody("<html>room 42 does not exist</html>"),
            ConnectOptions.DEFAULT);
    assertEquals(404, e.statusCode());
    assertEquals("Not Found", e.statusMessage());
    assertEquals(List.of("no such room"), e.headers().get("x-reason"));
    assertEquals(List.of("text/html"), e.headers().get("content-type"));
    assertEquals(
        "Handshake status 404 \"Not Found\": \"<html>room 42 does not exist</html>\"",
        e.getMessage());
  }

  @Test
  void theBodyIsKeptAsBytes() {
    byte[] body = {'{', '"', 'e', '"', ':', '1', '}', 0, (byte) 0xff};
    WebSocketBadStatusException e =
        connectFails(
            WebSocketBadStatusException.class,
            UpgradeResponse.status(403, "Forbidden").withBody(body),
            ConnectOptions.DEFAULT);
    assertArrayEquals(body, e.body());
  }

  @Test
  void aBodyLargerThanTheExcerptIsKeptUpTo64KiB() {
    byte[] body = "z".repeat(100_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    WebSocketBadStatusException e =
        connectFails(
            WebSocketBadStatusException.class,
            UpgradeResponse.status(500, "Internal Server Error").withBody(body),
            ConnectOptions.DEFAULT);
    assertArrayEquals(java.util.Arrays.copyOf(body, 64 * 1024), e.body());
  }

  @Test
  void longBodyIsCutInTheMessage() {
    String body = "x".repeat(5000);
    WebSocketBadStatusException e =
        connectFails(
            WebSocketBadStatusException.class,
            UpgradeResponse.status(500, "Internal Server Error").withBody(body),
            ConnectOptions.DEFAULT);
    assertEquals(500, e.statusCode());
    assertEquals(
        "Handshake status 500 \"Internal Server Error\": \"" + "x".repeat(200) + "...\"",
        e.getMessage());
  }

  @Test
  void bodyLargerThanTheAggregationLimitStillGivesTheBadStatus() {
    String body = "<html>" + "y".repeat(200_000) + "</html>";
    WebSocketBadStatusException e =
        connectFails(
            WebSocketBadStatusException.class,
            UpgradeResponse.status(503, "Service Unavailable")
                .withHeader("Retry-After", "120")
                .withBody(body),
            ConnectOptions.DEFAULT);
    assertEquals(503, e.statusCode());
    assertEquals(List.of("120"), e.headers().get("retry-after"));
    assertTrue(
        e.getMessage().startsWith("Handshake status 503 \"Service Unavailable\""), e.getMessage());
  }

  @Test
  void chunkedBodyLargerThanTheAggregationLimitStillGivesTheBadStatusWithItsStart() {
    StringBuilder chunked = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      String chunk = (i == 0 ? "<html>" : "") + "z".repeat(8000);
      chunked
          .append(Integer.toHexString(chunk.length()))
          .append("\r\n")
          .append(chunk)
          .append("\r\n");
    }
    chunked.append("0\r\n\r\n");
    String response =
        "HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked;
    WebSocketBadStatusException e =
        connectFails(
            WebSocketBadStatusException.class,
            UpgradeResponse.raw(response.getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
            ConnectOptions.DEFAULT);
    assertEquals(500, e.statusCode());
    assertEquals(
        "Handshake status 500 \"Internal Server Error\": \"<html>" + "z".repeat(194) + "...\"",
        e.getMessage());
  }

  @Test
  void bodyEndedByTheServerClosingIsShown() {
    byte[] response =
        "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n\r\nGo away"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    WebSocketBadStatusException e =
        connectFails(
            WebSocketBadStatusException.class,
            UpgradeResponse.raw(response),
            ConnectOptions.DEFAULT);
    assertEquals("Handshake status 403 \"Forbidden\": \"Go away\"", e.getMessage());
  }

  @Test
  void redirectWithoutLocationIsABadStatus() {
    WebSocketBadStatusException e =
        connectFails(
            WebSocketBadStatusException.class,
            UpgradeResponse.status(302, "Found"),
            ConnectOptions.DEFAULT);
    assertEquals(302, e.statusCode());
  }

  // ---------------------------------------------------------------- redirects

  @Test
  void redirectChain301Then302Then101IsFollowed() throws Exception {
    server =
        TestWebSocketServer.builder()
            .respond("/a", UpgradeResponse.redirect(301, "/b"))
            .respond("/b", UpgradeResponse.redirect(302, "/c?from=b"))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/a"))) {
      assertEquals(101, ws.status());
      ws.send("arrived");
      assertEquals("arrived", ws.recv().text());
    }
    assertEquals(List.of("/a", "/b", "/c?from=b"), uris(server.requests()));
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void everyRedirectStatusIsFollowed(int status) throws Exception {
    server =
        TestWebSocketServer.builder()
            .respond("/old", UpgradeResponse.redirect(status, "new"))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/old"))) {
      assertEquals(101, ws.status());
    }
    // "new" is relative to /old: /new
    assertEquals(List.of("/old", "/new"), uris(server.requests()));
  }

  @Test
  void absoluteWsLocationIsFollowed() throws Exception {
    server = TestWebSocketServer.echo();
    server.respond(
        "/old", UpgradeResponse.redirect(302, "ws://127.0.0.1:" + server.port() + "/new"));
    try (WebSocket ws = WebSocket.connect(server.uri("/old"))) {
      assertEquals(101, ws.status());
    }
    assertEquals(List.of("/old", "/new"), uris(server.requests()));
  }

  /** A server may not send the client to a local Unix socket (SSRF), a file or another protocol. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "ws+unix:///var/run/docker.sock:/containers/json",
        "http://127.0.0.1:1/new",
        "https://127.0.0.1:1/new",
        "file:///etc/passwd",
        "ftp://127.0.0.1/x"
      })
  void redirectToAnotherSchemeIsRefused(String location) {
    server =
        TestWebSocketServer.builder()
            .respond("/old", UpgradeResponse.redirect(302, location))
            .start();
    String from = server.uri("/old");
    WebSocketException e = assertThrows(WebSocketException.class, () -> WebSocket.connect(from));
    assertEquals(
        "Refusing redirect 302 from "
            + from
            + ": Redirect Location \""
            + location
            + "\" is not a ws:// or wss:// URL",
        e.getMessage());
    assertEquals(1, server.requests().size());
  }

  @Test
  void redirectLoopIsNamed() {
    server =
        TestWebSocketServer.builder()
            .respond("/a", UpgradeResponse.redirect(302, "/b"))
            .respond("/b", UpgradeResponse.redirect(302, "/a"))
            .start();
    String a = server.uri("/a");
    String b = server.uri("/b");
    WebSocketException e = assertThrows(WebSocketException.class, () -> WebSocket.connect(a));
    assertEquals("Redirect loop: " + a + " -> " + b + " -> " + a, e.getMessage());
    assertEquals(2, server.requests().size());
  }

  @Test
  void redirectsBeyondTheLimitAreRefused() {
    server =
        TestWebSocketServer.builder()
            .respond("/1", UpgradeResponse.redirect(302, "/2"))
            .respond("/2", UpgradeResponse.redirect(302, "/3"))
            .respond("/3", UpgradeResponse.redirect(302, "/4"))
            .respond("/4", UpgradeResponse.redirect(302, "/5"))
            .start();
    WebSocketException e =
        assertThrows(WebSocketException.class, () -> WebSocket.connect(server.uri("/1")));
    assertEquals("Too many redirects: more than 3 (last 302 to \"/5\")", e.getMessage());
    // The default limit is 3: /2, /3 and /4 were followed, /5 was not.
    assertEquals(List.of("/1", "/2", "/3", "/4"), uris(server.requests()));
  }

  @Test
  void redirectLimitOptionIsApplied() {
    server =
        TestWebSocketServer.builder()
            .respond("/1", UpgradeResponse.redirect(302, "/2"))
            .respond("/2", UpgradeResponse.redirect(302, "/3"))
            .start();
    ConnectOptions options = ConnectOptions.builder().redirectLimit(1).build();
    WebSocketException e =
        assertThrows(WebSocketException.class, () -> WebSocket.connect(server.uri("/1"), options));
    assertEquals("Too many redirects: more than 1 (last 302 to \"/3\")", e.getMessage());
  }

  @Test
  void redirectLimitZeroFollowsNone() {
    server =
        TestWebSocketServer.builder().respond("/1", UpgradeResponse.redirect(302, "/2")).start();
    ConnectOptions options = ConnectOptions.builder().redirectLimit(0).build();
    WebSocketException e =
        assertThrows(WebSocketException.class, () -> WebSocket.connect(server.uri("/1"), options));
    assertEquals("Too many redirects: more than 0 (last 302 to \"/2\")", e.getMessage());
    assertEquals(1, server.requests().size());
  }

  @Test
  void redirectToAnotherHostDropsAuthorizationAndCookie() throws Exception {
    other = TestWebSocketServer.echo();
    server =
        TestWebSocketServer.builder()
            // 127.0.0.1 and localhost are different hosts to the client, as they are to a browser.
            .respond("/start", UpgradeResponse.redirect(302, other.uri("localhost", "/moved")))
            .start();
    ConnectOptions options =
        ConnectOptions.builder()
            .header("Authorization", "Bearer secret-token")
            .header("Proxy-Authorization", "Basic cHJveHk6cHc=")
            .header("X-Trace", "t-1")
            .cookie("session=abc")
            .build();
    try (WebSocket ws = WebSocket.connect(server.uri("/start"), options)) {
      assertEquals(101, ws.status());
      RecordedRequest first = server.awaitRequests(1, WAIT).get(0);
      assertEquals("Bearer secret-token", first.header("Authorization"));
      assertEquals("Basic cHJveHk6cHc=", first.header("Proxy-Authorization"));
      assertEquals("session=abc", first.header("Cookie"));

      RecordedRequest moved = other.awaitRequests(1, WAIT).get(0);
      assertEquals("/moved", moved.uri());
      assertEquals("localhost:" + other.port(), moved.header("Host"));
      assertNull(moved.header("Authorization"), moved.toString());
      assertNull(moved.header("Proxy-Authorization"), moved.toString());
      assertNull(moved.header("Cookie"), moved.toString());
      // Custom headers go on to the other host, as with curl and browsers.
      assertEquals("t-1", moved.header("X-Trace"));
    }
  }

  @Test
  void redirectToAnotherHostDropsSuppliedAuthorizationAndCookie() throws Exception {
    other = TestWebSocketServer.echo();
    server =
        TestWebSocketServer.builder()
            .respond("/start", UpgradeResponse.redirect(302, other.uri("localhost", "/moved")))
            .start();
    ConnectOptions options =
        ConnectOptions.builder()
            .headers(
                () ->
                    Map.of(
                        "authorization",
                        "Bearer supplied",
                        "COOKIE",
                        "supplied=1",
                        "X-Trace",
                        "t-2"))
            .build();
    try (WebSocket ws = WebSocket.connect(server.uri("/start"), options)) {
      assertEquals(101, ws.status());
      assertEquals("Bearer supplied", server.awaitRequests(1, WAIT).get(0).header("Authorization"));
      RecordedRequest moved = other.awaitRequests(1, WAIT).get(0);
      assertNull(moved.header("Authorization"), moved.toString());
      assertNull(moved.header("Cookie"), moved.toString());
      assertEquals("t-2", moved.header("X-Trace"));
    }
  }

  @Test
  void redirectToAnotherHostDropsUserInfoCredentials() throws Exception {
    other = TestWebSocketServer.echo();
    server =
        TestWebSocketServer.builder()
            .respond("/start", UpgradeResponse.redirect(302, other.uri("localhost", "/moved")))
            .start();
    try (WebSocket ws =
        WebSocket.connect("ws://alice:s3cret@127.0.0.1:" + server.port() + "/start")) {
      assertEquals(101, ws.status());
      assertEquals(
          "Basic YWxpY2U6czNjcmV0", server.awaitRequests(1, WAIT).get(0).header("Authorization"));
      assertNull(other.awaitRequests(1, WAIT).get(0).header("Authorization"));
    }
  }

  @Test
  void redirectOnTheSameHostKeepsTheCredentials() throws Exception {
    server =
        TestWebSocketServer.builder()
            .respond("/start", UpgradeResponse.redirect(302, "/moved"))
            .start();
    ConnectOptions options =
        ConnectOptions.builder()
            .header("Authorization", "Bearer secret-token")
            .cookie("session=abc")
            .build();
    try (WebSocket ws = WebSocket.connect(server.uri("/start"), options)) {
      assertEquals(101, ws.status());
      RecordedRequest moved = server.awaitRequests(2, WAIT).get(1);
      assertEquals("/moved", moved.uri());
      assertEquals("Bearer secret-token", moved.header("Authorization"));
      assertEquals("session=abc", moved.header("Cookie"));
    }
  }

  @Test
  void redirectOnTheSameHostKeepsUserInfoCredentials() throws Exception {
    server =
        TestWebSocketServer.builder()
            .respond("/start", UpgradeResponse.redirect(302, "/moved"))
            .start();
    try (WebSocket ws =
        WebSocket.connect("ws://alice:s3cret@127.0.0.1:" + server.port() + "/start")) {
      assertEquals(101, ws.status());
      RecordedRequest moved = server.awaitRequests(2, WAIT).get(1);
      assertEquals("/moved", moved.uri());
      assertEquals("Basic YWxpY2U6czNjcmV0", moved.header("Authorization"));
    }
  }

  @Test
  void redirectFromWssToWsIsRefused() {
    other = TestWebSocketServer.echo();
    server =
        TestWebSocketServer.builder()
            .tls()
            .respond("/secure", UpgradeResponse.redirect(302, other.uri("/plain")))
            .start();
    ConnectOptions options =
        ConnectOptions.builder()
            .tls(
                TlsOptions.builder()
                    .trustCertificates(TestCertificates.get().ca().certificatePem())
                    .build())
            .build();
    String from = server.uri("localhost", "/secure");
    WebSocketException e =
        assertThrows(WebSocketException.class, () -> WebSocket.connect(from, options));
    assertEquals(
        "Refusing redirect from "
            + from
            + " to "
            + other.uri("/plain")
            + ": it downgrades wss to ws",
        e.getMessage());
    assertTrue(other.requests().isEmpty());
  }

  // ---------------------------------------------------------------- no answer, no HTTP, no host

  @Test
  void serverThatNeverAnswersTimesOutWithinTheTimeout() {
    server = TestWebSocketServer.builder().respond(UpgradeResponse.noAnswer()).start();
    ConnectOptions options = ConnectOptions.builder().timeout(Duration.ofMillis(500)).build();
    long start = System.nanoTime();
    WebSocketTimeoutException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () ->
                assertThrows(
                    WebSocketTimeoutException.class,
                    () -> WebSocket.connect(server.uri("/"), options)));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(
        "Opening handshake with 127.0.0.1:" + server.port() + " timed out after 500 ms",
        e.getMessage());
    assertTrue(elapsedMillis >= 450 && elapsedMillis < 2500, "took " + elapsedMillis + " ms");
    // The client gave up on the connection: it closed it.
    server.connections().get(0).awaitClosed(WAIT);
  }

  @Test
  void garbageInsteadOfHttpIsAProtocolError() {
    WebSocketProtocolException e =
        connectFails(
            WebSocketProtocolException.class, UpgradeResponse.garbage(), ConnectOptions.DEFAULT);
    assertTrue(
        e.getMessage().startsWith("Invalid HTTP response to the opening handshake: "),
        e.getMessage());
  }

  @Test
  void closeWithoutAnswerIsAConnectionClosedError() {
    WebSocketConnectionClosedException e =
        connectFails(
            WebSocketConnectionClosedException.class,
            UpgradeResponse.raw(new byte[0]),
            ConnectOptions.DEFAULT);
    assertEquals("Connection closed by the server during the opening handshake", e.getMessage());
    assertEquals(CloseStatus.ABNORMAL_CLOSED, e.status());
  }

  @Test
  void unresolvableHostIsAnAddressError() {
    WebSocketAddressException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () ->
                assertThrows(
                    WebSocketAddressException.class,
                    () -> WebSocket.connect("ws://no-such-host.invalid/")));
    assertEquals("Cannot resolve host 'no-such-host.invalid'", e.getMessage());
  }

  @Test
  void refusedPortIsAConnectExceptionNamingHostAndPort() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    IOException e =
        assertThrows(IOException.class, () -> WebSocket.connect("ws://127.0.0.1:" + port + "/"));
    assertInstanceOf(WebSocketConnectException.class, e);
    assertEquals("Connection refused: 127.0.0.1:" + port, e.getMessage());
    assertInstanceOf(
        ConnectException.class, e.getCause(), "the transport's exception is the cause");
  }

  private static List<String> uris(List<RecordedRequest> requests) {
    return requests.stream().map(RecordedRequest::uri).collect(Collectors.toList());
  }
}
