package dev.websocket.client.testing;

import dev.websocket.client.testing.RecordedRequest.Header;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an HTTP response head and body byte for byte. The test server does not use an HTTP encoder
 * for its answers because a script must come out exactly as written (odd reasons, header case and
 * order, duplicate or malformed headers), and a 101 must share one buffer with the bytes that
 * follow it.
 */
final class ResponseBytes {

  private ResponseBytes() {}

  static byte[] encode(int status, String reason, List<Header> headers, byte[] body, byte[] tail) {
    List<Header> all = new ArrayList<>(headers);
    boolean hasLength = all.stream().anyMatch(h -> h.name().equalsIgnoreCase("Content-Length"));
    if (body.length > 0 && !hasLength) {
      all.add(new Header("Content-Length", Integer.toString(body.length)));
    }
    StringBuilder head =
        new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
    for (Header h : all) {
      head.append(h.name()).append(": ").append(h.value()).append("\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(head.length() + body.length + tail.length);
    // ISO-8859-1 so that every char of a scripted header becomes exactly one byte, as on the wire
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    out.writeBytes(tail);
    return out.toByteArray();
  }
}
