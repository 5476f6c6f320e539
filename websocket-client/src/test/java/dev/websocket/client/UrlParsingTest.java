package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.websocket.client.internal.WebSocketUrl;
import dev.websocket.client.testing.RecordedRequest;
import dev.websocket.client.testing.TestWebSocketServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The URLs a user writes: ws, wss and ws+unix, default ports, IPv6 literals, user info, and the
 * words of the error for each malformed one.
 */
class UrlParsingTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  // ---------------------------------------------------------------- accepted

  @Test
  void wsUrlWithoutPortUsesPort80AndKeepsPathAndQuery() {
    WebSocketUrl url = WebSocketUrl.parse("ws://example.com/chat/room?id=7&x=%20y");
    assertFalse(url.isSecure());
    assertEquals("example.com", url.host());
    assertEquals(80, url.port());
    assertEquals("/chat/room?id=7&x=%20y", url.resource());
    assertEquals("example.com", url.hostHeader());
    assertNull(url.unixSocketPath());
  }

  @Test
  void wssUrlWithoutPortUsesPort443() {
    WebSocketUrl url = WebSocketUrl.parse("wss://example.com");
    assertTrue(url.isSecure());
    assertEquals(443, url.port());
    assertEquals("/", url.resource());
    assertEquals("https://example.com", url.defaultOrigin());
  }

  @Test
  void explicitPortIsKeptAndShownInHostAndOrigin() {
    WebSocketUrl url = WebSocketUrl.parse("ws://example.com:8080/");
    assertEquals(8080, url.port());
    assertEquals("example.com:8080", url.hostHeader());
    assertEquals("http://example.com:8080", url.defaultOrigin());
  }

  @Test
  void explicitDefaultPortIsLeftOutOfTheHostHeader() {
    assertEquals("example.com", WebSocketUrl.parse("wss://example.com:443/").hostHeader());
  }

  @Test
  void schemeIsCaseInsensitive() {
    WebSocketUrl url = WebSocketUrl.parse("WSS://Example.com/");
    assertTrue(url.isSecure());
    assertEquals(443, url.port());
  }

  @Test
  void ipv6LiteralIsUnbracketedWithItsPort() {
    WebSocketUrl url = WebSocketUrl.parse("ws://[::1]:9000/");
    assertEquals("::1", url.host());
    assertEquals(9000, url.port());
    assertEquals("[::1]:9000", url.hostHeader());
  }

  @Test
  void ipv6LiteralWithoutPortUsesTheDefault() {
    WebSocketUrl url = WebSocketUrl.parse("wss://[2001:db8::1]/x");
    assertEquals("2001:db8::1", url.host());
    assertEquals(443, url.port());
    assertEquals("[2001:db8::1]", url.hostHeader());
  }

  @Test
  void hostNameWithAnUnderscoreIsAccepted() {
    // Docker Compose service names look like this; java.net.URI calls them "registry based".
    WebSocketUrl url = WebSocketUrl.parse("ws://chat_backend:8080/ws");
    assertEquals("chat_backend", url.host());
    assertEquals(8080, url.port());
    assertEquals("/ws", url.resource());
  }

  @Test
  void userInfoIsKeptApartFromHostAndPort() {
    WebSocketUrl url = WebSocketUrl.parse("ws://alice:s3cret@example.com/");
    assertEquals("alice:s3cret", url.userInfo());
    assertEquals("example.com", url.host());
    assertEquals(80, url.port());
    assertEquals("example.com", url.hostHeader());
  }

  @Test
  void unixSocketUrlNamesTheSocketAndRequestsSlash() {
    WebSocketUrl url = WebSocketUrl.parse("ws+unix:///run/app.sock");
    assertEquals("/run/app.sock", url.unixSocketPath());
    assertEquals("/", url.resource());
    assertEquals("localhost", url.hostHeader());
  }

  @Test
  void unixSocketUrlTakesARequestPathAfterAColon() {
    WebSocketUrl url = WebSocketUrl.parse("ws+unix:///run/app.sock:/chat?room=1");
    assertEquals("/run/app.sock", url.unixSocketPath());
    assertEquals("/chat?room=1", url.resource());
  }

  // ---------------------------------------------------------------- as the server sees it

  @Test
  void userInfoBecomesBasicAuthorization() throws Exception {
    server = TestWebSocketServer.echo();
    String url = "ws://alice:s3cret@127.0.0.1:" + server.port() + "/private";
    try (WebSocket ws = WebSocket.connect(url)) {
      assertEquals(101, ws.status());
      RecordedRequest request = server.awaitRequests(1, WAIT).get(0);
      // base64("alice:s3cret")
      assertEquals("Basic YWxpY2U6czNjcmV0", request.header("Authorization"));
      assertEquals("/private", request.uri());
    }
  }

  @Test
  void percentEncodedUserInfoIsDecodedBeforeEncodingAsBasic() throws Exception {
    server = TestWebSocketServer.echo();
    String url = "ws://bob:p%40ss+word@127.0.0.1:" + server.port() + "/";
    try (WebSocket ws = WebSocket.connect(url)) {
      assertEquals(101, ws.status());
      // base64("bob:p@ss+word"): %40 is '@', and '+' stays a plus in user info
      assertEquals(
          "Basic Ym9iOnBAc3Mrd29yZA==",
          server.awaitRequests(1, WAIT).get(0).header("Authorization"));
    }
  }

  @Test
  void pathAndQueryReachTheServerAsWritten() throws Exception {
    server = TestWebSocketServer.echo();
    try (WebSocket ws = WebSocket.connect(server.uri("/a/b%20c?x=1&y=%2F"))) {
      assertEquals(101, ws.status());
      assertEquals("/a/b%20c?x=1&y=%2F", server.awaitRequests(1, WAIT).get(0).uri());
    }
  }

  @Test
  void ipv6LoopbackUrlConnects() throws Exception {
    assumeTrue(ipv6LoopbackAvailable(), "IPv6 loopback (::1) is not available here");
    server = TestWebSocketServer.builder().bindAddress(InetAddress.getByName("::1")).start();
    try (WebSocket ws = WebSocket.connect("ws://[::1]:" + server.port() + "/v6")) {
      ws.send("over IPv6");
      assertEquals("over IPv6", ws.recv().text());
      assertEquals("[::1]:" + server.port(), server.awaitRequests(1, WAIT).get(0).header("Host"));
    }
  }

  // ---------------------------------------------------------------- refused, in words

  @Test
  void illegalCharacterIsNamedWithTheUrl() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WebSocket.connect("ws://exa mple.com/"));
    assertEquals(
        "Malformed WebSocket URL ws://exa mple.com/: Illegal character in authority",
        e.getMessage());
  }

  @Test
  void unknownSchemeIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WebSocket.connect("http://example.com/"));
    assertEquals(
        "WebSocket URL http://example.com/ has an unknown scheme 'http': "
            + "expected ws://, wss:// or ws+unix://",
        e.getMessage());
  }

  @Test
  void missingSchemeIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WebSocketUrl.parse("//example.com/chat"));
    assertEquals(
        "WebSocket URL //example.com/chat has no scheme: " + "expected ws://, wss:// or ws+unix://",
        e.getMessage());
  }

  @Test
  void emptyUrlIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WebSocketUrl.parse(" "));
    assertEquals("WebSocket URL is empty", e.getMessage());
  }

  @Test
  void missingHostIsNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WebSocketUrl.parse("ws:///chat"));
    assertEquals("WebSocket URL ws:///chat has no host", e.getMessage());
  }

  @Test
  void nonNumericPortIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WebSocketUrl.parse("ws://example.com:http/"));
    assertEquals("WebSocket URL ws://example.com:http/ has an invalid port 'http'", e.getMessage());
  }

  @Test
  void negativePortIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WebSocketUrl.parse("ws://example.com:-1/"));
    assertEquals("WebSocket URL ws://example.com:-1/ has an invalid port '-1'", e.getMessage());
  }

  @Test
  void portOutOfRangeIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WebSocketUrl.parse("ws://example.com:70000/"));
    assertEquals(
        "WebSocket URL ws://example.com:70000/ has a port out of range: 70000", e.getMessage());
  }

  @Test
  void portZeroIsOutOfRange() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WebSocketUrl.parse("ws://example.com:0/"));
    assertEquals("WebSocket URL ws://example.com:0/ has a port out of range: 0", e.getMessage());
  }

  @Test
  void unclosedIpv6BracketIsNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WebSocketUrl.parse("ws://[::1:9000/"));
    assertTrue(
        e.getMessage().startsWith("Malformed WebSocket URL ws://[::1:9000/: "), e.getMessage());
    assertTrue(e.getMessage().contains("IPv6"), e.getMessage());
  }

  @Test
  void unixUrlWithoutSocketPathIsNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WebSocketUrl.parse("ws+unix:///"));
    assertTrue(e.getMessage().contains("ws+unix:///"), e.getMessage());
    assertTrue(e.getMessage().contains("socket path"), e.getMessage());
  }

  @Test
  void malformedUrlFailsBeforeAnyIo() {
    // An IllegalArgumentException, not an IOException: the URL is wrong, not the network.
    assertThrows(IllegalArgumentException.class, () -> WebSocket.connect("ws://[zz]:1/"));
  }

  private static boolean ipv6LoopbackAvailable() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      return probe.isBound();
    } catch (IOException e) {
      return false;
    }
  }
}
