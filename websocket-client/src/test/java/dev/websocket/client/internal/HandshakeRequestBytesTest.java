package dev.websocket.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The opening request as it goes on the wire, written by the handshake handler itself. */
class HandshakeRequestBytesTest {

  private static String bytesOf(HandshakeRequest request) {
    ByteBuf out = HandshakeHandler.encode(request, UnpooledByteBufAllocator.DEFAULT);
    try {
      return out.toString(StandardCharsets.ISO_8859_1);
    } finally {
      out.release();
    }
  }

  @Test
  void requestLineThenHeadersInOrderThenABlankLine() {
    HandshakeRequest request =
        HandshakeRequest.builder(WebSocketUrl.parse("ws://example.com:8080/chat?room=1"))
            .key("dGhlIHNhbXBsZSBub25jZQ==")
            .protocols(java.util.List.of("chat", "superchat"))
            .header("X-Trace", "a\tb")
            .build();
    assertEquals(
        "GET /chat?room=1 HTTP/1.1\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Host: example.com:8080\r\n"
            + "Origin: http://example.com:8080\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Protocol: chat, superchat\r\n"
            + "X-Trace: a\tb\r\n"
            + "\r\n",
        bytesOf(request));
  }

  @Test
  void theTargetAndHeaderValuesOutsideAsciiGoInUtf8() {
    HandshakeRequest request =
        HandshakeRequest.builder(WebSocketUrl.parse("ws://example.com/caf\u00e9"))
            .key("k")
            .suppressOrigin(true)
            .header("X-Name", "na\u00efve")
            .build();
    String wire = bytesOf(request);
    assertEquals("GET /caf\u00c3\u00a9 HTTP/1.1", wire.substring(0, wire.indexOf('\r')));
    assertTrue(wire.contains("\r\nX-Name: na\u00c3\u00afve\r\n"), wire);
  }

  @Test
  void aHeaderThatCouldSplitTheRequestIsRefused() {
    HandshakeRequest badValue =
        HandshakeRequest.builder(WebSocketUrl.parse("ws://example.com/"))
            .header("X-Name", "value\nX-Injected: yes")
            .build();
    IllegalArgumentException value =
        assertThrows(IllegalArgumentException.class, () -> bytesOf(badValue));
    assertEquals(
        "Value of header 'X-Name' has the control character LF: value\\nX-Injected: yes",
        value.getMessage());
    HandshakeRequest badName =
        HandshakeRequest.builder(WebSocketUrl.parse("ws://example.com/"))
            .header("X Name", "value")
            .build();
    IllegalArgumentException name =
        assertThrows(IllegalArgumentException.class, () -> bytesOf(badName));
    assertEquals(
        "Header name 'X Name' is not an HTTP token: it has the character SP", name.getMessage());
  }
}
