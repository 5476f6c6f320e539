package dev.websocket.client.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.websocket.client.WebSocketBadStatusException;
import dev.websocket.client.WebSocketProtocolException;
import dev.websocket.client.internal.HandshakeRequest;
import dev.websocket.client.internal.HandshakeResponse;
import dev.websocket.client.internal.WebSocketUrl;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The extended CONNECT of RFC 8441 section 4, built from the HTTP/1.1 handshake request, and its
 * answer's checks.
 */
class ExtendedConnectTest {

  private static HandshakeRequest.Builder request(String url) {
    return HandshakeRequest.builder(WebSocketUrl.parse(url)).key("dGhlIHNhbXBsZSBub25jZQ==");
  }

  private static List<String> lines(Http2Headers headers) {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<CharSequence, CharSequence> header : headers) {
      lines.add(header.getKey() + ": " + header.getValue());
    }
    return lines;
  }

  @Test
  void theRequestIsAConnectWithTheWebsocketProtocolAndNoUpgradeHeaders() {
    HandshakeRequest request =
        request("wss://example.com:8443/chat?room=1")
            .protocols(List.of("chat", "superchat"))
            .extensions("permessage-deflate; client_max_window_bits")
            .cookie("a=b")
            .build();
    assertEquals(
        List.of(
            ":method: CONNECT",
            ":scheme: https",
            ":path: /chat?room=1",
            ":authority: example.com:8443",
            ":protocol: websocket",
            "origin: https://example.com:8443",
            "sec-websocket-version: 13",
            "sec-websocket-protocol: chat, superchat",
            "sec-websocket-extensions: permessage-deflate; client_max_window_bits",
            "cookie: a=b"),
        lines(ExtendedConnect.headers(request, true)));
  }

  @Test
  void aClearTextUrlGetsTheHttpSchemeAndItsCredentialsGoAsAuthorization() {
    HandshakeRequest request =
        request("ws://user:pass@127.0.0.1:8080/").suppressOrigin(true).build();
    assertEquals(
        List.of(
            ":method: CONNECT",
            ":scheme: http",
            ":path: /",
            ":authority: 127.0.0.1:8080",
            ":protocol: websocket",
            "sec-websocket-version: 13",
            "authorization: Basic dXNlcjpwYXNz"),
        lines(ExtendedConnect.headers(request, false)));
  }

  @Test
  void aUsersHostHeaderBecomesTheAuthorityAndConnectionHeadersAreLeftOut() {
    HandshakeRequest request =
        request("wss://example.com/")
            .suppressOrigin(true)
            .header("Host", "virtual.example")
            .header("X-Trace", "42")
            .header("Connection", "keep-alive")
            .header("Keep-Alive", "timeout=5")
            .build();
    assertEquals(
        List.of(
            ":method: CONNECT",
            ":scheme: https",
            ":path: /",
            ":authority: virtual.example",
            ":protocol: websocket",
            "sec-websocket-version: 13",
            "x-trace: 42"),
        lines(ExtendedConnect.headers(request, true)));
  }

  @Test
  void a200OpensTheWebSocketWithTheNegotiatedSubprotocolAndExtensions() throws Exception {
    HandshakeRequest request =
        request("wss://example.com/")
            .protocols(List.of("chat"))
            .extensions("permessage-deflate")
            .build();
    Http2Headers answer =
        new DefaultHttp2Headers()
            .status("200")
            .add("sec-websocket-protocol", "chat")
            .add("sec-websocket-extensions", "permessage-deflate");
    HandshakeResponse response =
        ExtendedConnect.response(request, answer, List.of("permessage-deflate"));
    assertEquals(200, response.status());
    assertEquals("chat", response.subprotocol());
    assertEquals("permessage-deflate", response.extensions());
    assertNull(response.headers().get(":status"), "pseudo-headers are not headers");
  }

  @Test
  void anotherStatusFailsWithItsStatusAndHeaders() {
    HandshakeRequest request = request("wss://example.com/").build();
    Http2Headers answer = new DefaultHttp2Headers().status("403").add("x-reason", "no");
    WebSocketBadStatusException e =
        assertThrows(
            WebSocketBadStatusException.class,
            () -> ExtendedConnect.response(request, answer, List.of()));
    assertEquals(403, e.statusCode());
    assertEquals(List.of("no"), e.headers().get("x-reason"));
  }

  @Test
  void aRedirectWithALocationIsReturnedToBeFollowed() throws Exception {
    HandshakeRequest request = request("wss://example.com/").build();
    Http2Headers answer = new DefaultHttp2Headers().status("308").add("location", "/elsewhere");
    HandshakeResponse response = ExtendedConnect.response(request, answer, List.of());
    assertEquals(308, response.status());
    assertEquals("/elsewhere", response.header("location"));
  }

  @Test
  void aRedirectStatusWithoutALocationFailsAsABadStatus() {
    HandshakeRequest request = request("wss://example.com/").build();
    Http2Headers answer = new DefaultHttp2Headers().status("302");
    WebSocketBadStatusException e =
        assertThrows(
            WebSocketBadStatusException.class,
            () -> ExtendedConnect.response(request, answer, List.of()));
    assertEquals(302, e.statusCode());
  }

  @Test
  void aSubprotocolThatWasNotOfferedFailsTheHandshake() {
    HandshakeRequest request = request("wss://example.com/").protocols(List.of("chat")).build();
    Http2Headers answer =
        new DefaultHttp2Headers().status("200").add("sec-websocket-protocol", "other");
    WebSocketProtocolException e =
        assertThrows(
            WebSocketProtocolException.class,
            () -> ExtendedConnect.response(request, answer, List.of()));
    assertEquals(
        "Server selected subprotocol \"other\" which was not offered [chat]", e.getMessage());
  }
}
