package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.RecordedRequest;
import dev.websocket.client.testing.TestCertificates;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.client.testing.UpgradeResponse;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every option of the opening handshake, as the server receives it (RFC 6455 section 4.1). */
class HandshakeOptionsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Connects with {@code options}, and returns the request the server saw. */
  private RecordedRequest handshakeWith(ConnectOptions options) throws Exception {
    if (server == null) {
      server = TestWebSocketServer.echo();
    }
    int before = server.requests().size();
    try (WebSocket ws = WebSocket.connect(server.uri("/chat"), options)) {
      assertEquals(101, ws.status());
      return server.awaitRequests(before + 1, WAIT).get(before);
    }
  }

  // ---------------------------------------------------------------- the fixed headers

  @Test
  void requestIsAVersion13UpgradeGet() throws Exception {
    RecordedRequest request = handshakeWith(ConnectOptions.DEFAULT);
    assertEquals("GET", request.method());
    assertEquals("HTTP/1.1", request.protocolVersion());
    assertEquals("/chat", request.uri());
    assertEquals("websocket", request.header("Upgrade"));
    assertEquals("Upgrade", request.header("Connection"));
    assertEquals("13", request.header("Sec-WebSocket-Version"));
  }

  @Test
  void keyIsSixteenRandomBytesInBase64AndFreshForEveryConnect() throws Exception {
    String first = handshakeWith(ConnectOptions.DEFAULT).header("Sec-WebSocket-Key");
    String second = handshakeWith(ConnectOptions.DEFAULT).header("Sec-WebSocket-Key");
    assertEquals(16, Base64.getDecoder().decode(first).length);
    assertEquals(16, Base64.getDecoder().decode(second).length);
    assertNotEquals(first, second);
  }

  // ---------------------------------------------------------------- Host

  @Test
  void hostHeaderCarriesAPortThatIsNotTheDefault() throws Exception {
    RecordedRequest request = handshakeWith(ConnectOptions.DEFAULT);
    assertEquals("127.0.0.1:" + server.port(), request.header("Host"));
  }

  @Test
  void hostHeaderLeavesTheDefaultPortOut() throws Exception {
    server = TestWebSocketServer.echo();
    // A socket already connected to the server lets the URL name port 80 without binding it.
    SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
    ConnectOptions options = ConnectOptions.builder().socket(socket).build();
    try (WebSocket ws = WebSocket.connect("ws://chat.example.com/room", options)) {
      assertEquals(101, ws.status());
      RecordedRequest request = server.awaitRequests(1, WAIT).get(0);
      assertEquals("chat.example.com", request.header("Host"));
      assertEquals("http://chat.example.com", request.header("Origin"));
      assertEquals("/room", request.uri());
    }
  }

  @Test
  void hostOptionOverridesTheHostHeader() throws Exception {
    RecordedRequest request =
        handshakeWith(ConnectOptions.builder().host("virtual.example:8443").build());
    assertEquals(List.of("virtual.example:8443"), request.headerValues("Host"));
  }

  // ---------------------------------------------------------------- Origin

  @Test
  void originDefaultsToHttpSchemeHostAndPort() throws Exception {
    RecordedRequest request = handshakeWith(ConnectOptions.DEFAULT);
    assertEquals("http://127.0.0.1:" + server.port(), request.header("Origin"));
  }

  @Test
  void originOfWssDefaultsToHttps() throws Exception {
    server = TestWebSocketServer.builder().tls().start();
    ConnectOptions options =
        ConnectOptions.builder()
            .tls(
                TlsOptions.builder()
                    .trustCertificates(TestCertificates.get().ca().certificatePem())
                    .build())
            .build();
    try (WebSocket ws = WebSocket.connect(server.uri("localhost", "/"), options)) {
      assertEquals(101, ws.status());
      assertEquals(
          "https://localhost:" + server.port(),
          server.awaitRequests(1, WAIT).get(0).header("Origin"));
    }
  }

  @Test
  void originOptionOverridesTheDefault() throws Exception {
    RecordedRequest request =
        handshakeWith(ConnectOptions.builder().origin("https://app.example").build());
    assertEquals(List.of("https://app.example"), request.headerValues("Origin"));
  }

  @Test
  void suppressOriginSendsNoOrigin() throws Exception {
    RecordedRequest request = handshakeWith(ConnectOptions.builder().suppressOrigin(true).build());
    assertNull(request.header("Origin"), request.toString());
  }

  // ---------------------------------------------------------------- subprotocols

  @Test
  void subprotocolsAreOfferedInOrderAndTheChosenOneIsReported() throws Exception {
    server =
        TestWebSocketServer.builder()
            .respond(UpgradeResponse.accept().withFirstOfferedSubprotocol())
            .start();
    ConnectOptions options = ConnectOptions.builder().subprotocols("chat.v2", "chat.v1").build();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
      assertEquals(
          List.of("chat.v2", "chat.v1"),
          server.awaitRequests(1, WAIT).get(0).headerTokens("Sec-WebSocket-Protocol"));
      assertEquals("chat.v2", ws.subprotocol());
    }
  }

  @Test
  void serverMayPickAnyOfferedSubprotocol() throws Exception {
    server =
        TestWebSocketServer.builder()
            .respond(UpgradeResponse.accept().withSubprotocol("chat.v1"))
            .start();
    ConnectOptions options = ConnectOptions.builder().subprotocols("chat.v2", "chat.v1").build();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
      assertEquals("chat.v1", ws.subprotocol());
    }
  }

  @Test
  void noSubprotocolOfferedMeansNoHeaderAndNoneChosen() throws Exception {
    server =
        TestWebSocketServer.builder()
            .respond(UpgradeResponse.accept().withFirstOfferedSubprotocol())
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      assertNull(server.awaitRequests(1, WAIT).get(0).header("Sec-WebSocket-Protocol"));
      assertNull(ws.subprotocol());
    }
  }

  // ---------------------------------------------------------------- Cookie and custom headers

  @Test
  void cookieIsSent() throws Exception {
    RecordedRequest request =
        handshakeWith(ConnectOptions.builder().cookie("session=abc; theme=dark").build());
    assertEquals(List.of("session=abc; theme=dark"), request.headerValues("Cookie"));
  }

  @Test
  void customHeadersAreSentInOrder() throws Exception {
    RecordedRequest request =
        handshakeWith(
            ConnectOptions.builder()
                .header("X-First", "1")
                .header("Authorization", "Bearer t0ken")
                .header("X-Last", "a value, with: punctuation")
                .build());
    List<String> names = request.headerNames();
    assertTrue(names.indexOf("X-First") < names.indexOf("Authorization"), names.toString());
    assertTrue(names.indexOf("Authorization") < names.indexOf("X-Last"), names.toString());
    assertEquals("Bearer t0ken", request.header("Authorization"));
    assertEquals("a value, with: punctuation", request.header("X-Last"));
  }

  @Test
  void customHeaderReplacesTheGeneratedOneOfTheSameName() throws Exception {
    RecordedRequest request =
        handshakeWith(ConnectOptions.builder().header("origin", "https://mine.example").build());
    assertEquals(List.of("https://mine.example"), request.headerValues("Origin"));
  }

  @Test
  void aHeaderAddedTwiceIsSentTwiceInOrder() throws Exception {
    RecordedRequest request =
        handshakeWith(
            ConnectOptions.builder()
                .header("X-Tag", "first")
                .header("X-Other", "between")
                .header("x-tag", "second")
                .build());
    assertEquals(List.of("first", "second"), request.headerValues("X-Tag"));
  }

  @Test
  void twoHeadersOfAGeneratedNameReplaceItAndAreBothSent() throws Exception {
    RecordedRequest request =
        handshakeWith(
            ConnectOptions.builder()
                .header("Origin", "https://one.example")
                .header("Origin", "https://two.example")
                .build());
    assertEquals(
        List.of("https://one.example", "https://two.example"), request.headerValues("Origin"));
  }

  @Test
  void aSuppliedHeaderReplacesAGivenHeaderOfTheSameName() throws Exception {
    RecordedRequest request =
        handshakeWith(
            ConnectOptions.builder()
                .header("Authorization", "Bearer stale")
                .headers(() -> Map.of("authorization", "Bearer fresh"))
                .build());
    assertEquals(List.of("Bearer fresh"), request.headerValues("Authorization"));
  }

  @Test
  void headerMapIsSentInItsIterationOrder() throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-B", "b");
    headers.put("X-A", "a");
    RecordedRequest request = handshakeWith(ConnectOptions.builder().headers(headers).build());
    List<String> names = request.headerNames();
    assertTrue(names.indexOf("X-B") < names.indexOf("X-A"), names.toString());
  }

  @Test
  void headerSupplierIsAskedAgainAtEveryConnect() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ConnectOptions options =
        ConnectOptions.builder()
            .headers(() -> Map.of("Authorization", "Bearer token-" + calls.incrementAndGet()))
            .build();
    assertEquals("Bearer token-1", handshakeWith(options).header("Authorization"));
    assertEquals("Bearer token-2", handshakeWith(options).header("Authorization"));
    assertEquals(2, calls.get());
  }

  // ---------------------------------------------------------------- header injection

  @Test
  void crOrLfInAHeaderValueIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConnectOptions.builder().header("X-Name", "value\r\nX-Injected: yes"));
    assertEquals(
        "Value of header 'X-Name' has the control character CR: value\\r\\nX-Injected: yes",
        e.getMessage());
  }

  @Test
  void crOrLfInAHeaderNameIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConnectOptions.builder().header("X-Name\n", "value"));
    assertEquals(
        "Header name 'X-Name\\n' is not an HTTP token: it has the character LF", e.getMessage());
  }

  @Test
  void crOrLfInCookieOriginHostOrSubprotocolIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> ConnectOptions.builder().cookie("a=b\r\nX: y"));
    assertThrows(
        IllegalArgumentException.class, () -> ConnectOptions.builder().origin("http://a\n"));
    assertThrows(IllegalArgumentException.class, () -> ConnectOptions.builder().host("a\rb"));
    assertThrows(
        IllegalArgumentException.class, () -> ConnectOptions.builder().subprotocols("chat\r\n"));
  }

  @Test
  void crOrLfFromTheHeaderSupplierIsRefusedAtConnectAndNothingIsSent() {
    server = TestWebSocketServer.echo();
    ConnectOptions options =
        ConnectOptions.builder().headers(() -> Map.of("X-Token", "a\r\nX-Injected: yes")).build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WebSocket.connect(server.uri("/"), options));
    assertEquals(
        "Value of header 'X-Token' has the control character CR: a\\r\\nX-Injected: yes",
        e.getMessage());
    assertTrue(server.requests().isEmpty());
  }

  // ---------------------------------------------------------------- the response, as the user sees
  // it

  @Test
  void responseStatusAndHeadersAreExposed() throws Exception {
    server =
        TestWebSocketServer.builder()
            .respond(UpgradeResponse.accept().withHeader("X-Server", "fixture"))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      assertEquals(101, ws.status());
      assertEquals(List.of("fixture"), ws.headers().get("x-server"));
      assertEquals(List.of("websocket"), ws.headers().get("upgrade"));
      assertTrue(ws.isConnected());
    }
  }

  @Test
  void isConnectedTurnsFalseAfterClose() throws Exception {
    server = TestWebSocketServer.echo();
    WebSocket ws = WebSocket.connect(server.uri("/"));
    assertTrue(ws.isConnected());
    ws.close();
    assertFalse(ws.isConnected());
  }
}
