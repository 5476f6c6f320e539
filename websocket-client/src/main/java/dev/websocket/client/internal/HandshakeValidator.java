package dev.websocket.client.internal;

import dev.websocket.client.ServerText;
import dev.websocket.client.WebSocketBadStatusException;
import dev.websocket.client.WebSocketProtocolException;
import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.ProtocolViolationException;
import dev.websocket.codec.deflate.ExtensionHeader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The client's checks of a 101 response (RFC 6455 section 4.1, the numbered list after "the client
 * MUST validate the server's response"). I/O-free; each failed check has its own message.
 */
public final class HandshakeValidator {

  /** The GUID of RFC 6455 section 1.3, appended to the key before hashing. */
  static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** Bytes of a non-101 response's body quoted in the exception message. */
  static final int BODY_EXCERPT = 200;

  private HandshakeValidator() {}

  /**
   * One digest per thread: looking SHA-1 up among the providers costs more than hashing the key.
   */
  private static final ThreadLocal<MessageDigest> SHA1 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-1 is required of every JDK", e);
            }
          });

  /** base64(SHA-1(key + GUID)): the Sec-WebSocket-Accept a server must send for {@code key}. */
  public static String acceptFor(String key) {
    byte[] digest = SHA1.get().digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
    return Base64.getEncoder().encodeToString(digest);
  }

  /**
   * The exception for a response whose status is not 101: status, reason, headers and the body (the
   * start of it in the message), or null for none.
   */
  public static WebSocketBadStatusException badStatus(
      int status, String reason, Map<String, List<String>> headers, byte[] bodyBytes) {
    byte[] bytes = bodyBytes != null ? bodyBytes : new byte[0];
    String body = new String(bytes, StandardCharsets.UTF_8);
    StringBuilder message =
        new StringBuilder("Handshake status ")
            .append(status)
            .append(' ')
            .append(ServerText.quote(reason));
    if (body != null && !body.isBlank()) {
      String excerpt = body.strip();
      if (excerpt.length() > BODY_EXCERPT) {
        excerpt = excerpt.substring(0, BODY_EXCERPT) + "...";
      }
      message.append(": ").append(ServerText.quote(excerpt));
    }
    return new WebSocketBadStatusException(message.toString(), status, reason, headers, bytes);
  }

  /**
   * The response as a redirect to follow, when it is one: a status {@link Redirects#isRedirect}
   * names with a Location header, on HTTP/1.1 or on an HTTP/2 stream alike; else null.
   */
  public static HandshakeResponse redirect(
      int status, String reason, Map<String, List<String>> headers) {
    if (Redirects.isRedirect(status) && headers.containsKey("location")) {
      return new HandshakeResponse(status, reason, headers, null, null);
    }
    return null;
  }

  /**
   * Checks a 101 response against the request.
   *
   * @param acceptedExtensions extension names the client can run if the server selects them
   * @return the response with the negotiated subprotocol and extensions
   * @throws WebSocketProtocolException naming the check that failed
   */
  public static HandshakeResponse validate(
      HandshakeRequest request,
      int status,
      String reason,
      Map<String, List<String>> headers,
      List<String> acceptedExtensions)
      throws WebSocketProtocolException {
    HandshakeResponse response = new HandshakeResponse(status, reason, headers, null, null);
    String upgrade = response.header("upgrade");
    if (upgrade == null || !upgrade.trim().equalsIgnoreCase("websocket")) {
      throw new WebSocketProtocolException(
          "Handshake response has no 'Upgrade: websocket' header (got "
              + ServerText.quote(upgrade)
              + ")");
    }
    if (!hasToken(headers.get("connection"), "upgrade")) {
      throw new WebSocketProtocolException(
          "Handshake response has no 'Connection: Upgrade' header (got "
              + ServerText.quote(response.header("connection"))
              + ")");
    }
    String accept = response.header("sec-websocket-accept");
    String expected = acceptFor(request.key());
    if (accept == null) {
      throw new WebSocketProtocolException("Handshake response has no Sec-WebSocket-Accept header");
    }
    if (!accept.trim().equals(expected)) {
      throw new WebSocketProtocolException(
          "Handshake response has a wrong Sec-WebSocket-Accept: "
              + ServerText.quote(accept.trim())
              + " (expected "
              + expected
              + ")");
    }
    return negotiated(request, response, headers, acceptedExtensions);
  }

  /**
   * Checks a 2xx answer to an RFC 8441 extended CONNECT: a stream has no Upgrade, Connection or
   * Sec-WebSocket-Accept, so only the subprotocol and extension checks apply.
   *
   * @return the response with the negotiated subprotocol and extensions
   * @throws WebSocketProtocolException naming the check that failed
   */
  public static HandshakeResponse validateExtendedConnect(
      HandshakeRequest request,
      int status,
      Map<String, List<String>> headers,
      List<String> acceptedExtensions)
      throws WebSocketProtocolException {
    HandshakeResponse response = new HandshakeResponse(status, "", headers, null, null);
    return negotiated(request, response, headers, acceptedExtensions);
  }

  /** The subprotocol and extension checks, shared by both handshakes. */
  private static HandshakeResponse negotiated(
      HandshakeRequest request,
      HandshakeResponse response,
      Map<String, List<String>> headers,
      List<String> acceptedExtensions)
      throws WebSocketProtocolException {
    String protocol = response.header("sec-websocket-protocol");
    if (protocol != null) {
      protocol = protocol.trim();
      if (!request.offeredProtocols().contains(protocol)) {
        throw new WebSocketProtocolException(
            "Server selected subprotocol "
                + ServerText.quote(protocol)
                + " which was not offered "
                + request.offeredProtocols());
      }
    }
    String extensions = joined(headers.get("sec-websocket-extensions"));
    if (extensions != null) {
      for (ExtensionHeader.Element extension : parseExtensions(extensions)) {
        String name = extension.name().toLowerCase(Locale.ROOT);
        if (!acceptedExtensions.contains(name)) {
          throw new WebSocketProtocolException(
              CloseStatus.INVALID_EXTENSION,
              "Server selected extension " + ServerText.quote(name) + " which was not offered",
              null);
        }
      }
    }
    return response.negotiated(protocol, extensions);
  }

  /** The extensions the server selected, by the RFC 6455 section 9.1 grammar. */
  private static List<ExtensionHeader.Element> parseExtensions(String header)
      throws WebSocketProtocolException {
    try {
      return ExtensionHeader.parse(header);
    } catch (ProtocolViolationException malformed) {
      throw new WebSocketProtocolException(
          CloseStatus.INVALID_EXTENSION, malformed.getMessage(), malformed);
    }
  }

  private static boolean hasToken(List<String> values, String token) {
    if (values == null) {
      return false;
    }
    for (String value : values) {
      for (String part : value.split(",")) {
        if (part.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String joined(List<String> values) {
    if (values == null || values.isEmpty()) {
      return null;
    }
    String joined = String.join(", ", values).trim();
    return joined.isEmpty() ? null : joined;
  }
}
