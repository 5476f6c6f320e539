package dev.websocket.client.testing;

import dev.websocket.testing.Hex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How the test server answers one opening handshake: an immutable script.
 *
 * <ul>
 *   <li>{@link #accept()}: a correct {@code 101 Switching Protocols}, then WebSocket frames. Its
 *       {@code with...} methods break it on purpose (a wrong accept key, a missing header, a
 *       subprotocol or extension the client never offered) or add bytes to the same write.
 *   <li>{@link #status(int, String)} and {@link #redirect(int, String)}: a plain HTTP answer with
 *       the given status, headers and body; the connection is then closed unless {@link
 *       #keepConnectionOpen()}.
 *   <li>{@link #noAnswer()}: read the request and say nothing, for handshake timeouts.
 *   <li>{@link #raw(byte[])} and {@link #garbage()}: bytes that are not HTTP at all.
 * </ul>
 *
 * <p>Every response is written exactly as scripted, in one buffer: header order and case are kept,
 * nothing is validated, and {@code Content-Length} is added only when a body is given and the
 * script did not set one.
 */
public final class UpgradeResponse {

  /** The GUID of RFC 6455 section 1.3, appended to the key before hashing. */
  public static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  enum Kind {
    SWITCH,
    HTTP,
    SILENCE,
    RAW
  }

  /** How the subprotocol header of a 101 is chosen. */
  enum SubprotocolChoice {
    NONE,
    GIVEN,
    FIRST_OFFERED
  }

  final Kind kind;
  final int status;
  final String reason;
  final List<RecordedRequest.Header> headers;
  final List<String> removedHeaders;
  final byte[] body;
  final String acceptOverride;
  final SubprotocolChoice subprotocolChoice;
  final String subprotocol;
  final String extensions;
  final byte[] bytesInSameWrite;
  final boolean keepOpen;

  private UpgradeResponse(
      Kind kind,
      int status,
      String reason,
      List<RecordedRequest.Header> headers,
      List<String> removedHeaders,
      byte[] body,
      String acceptOverride,
      SubprotocolChoice subprotocolChoice,
      String subprotocol,
      String extensions,
      byte[] bytesInSameWrite,
      boolean keepOpen) {
    this.kind = kind;
    this.status = status;
    this.reason = reason;
    this.headers = List.copyOf(headers);
    this.removedHeaders = List.copyOf(removedHeaders);
    this.body = body;
    this.acceptOverride = acceptOverride;
    this.subprotocolChoice = subprotocolChoice;
    this.subprotocol = subprotocol;
    this.extensions = extensions;
    this.bytesInSameWrite = bytesInSameWrite;
    this.keepOpen = keepOpen;
  }

  private static UpgradeResponse of(Kind kind, int status, String reason, byte[] body) {
    return new UpgradeResponse(
        kind,
        status,
        reason,
        List.of(),
        List.of(),
        body,
        null,
        SubprotocolChoice.NONE,
        null,
        null,
        new byte[0],
        kind == Kind.SWITCH);
  }

  private UpgradeResponse copy(
      List<RecordedRequest.Header> headers,
      List<String> removedHeaders,
      byte[] body,
      String acceptOverride,
      SubprotocolChoice subprotocolChoice,
      String subprotocol,
      String extensions,
      byte[] bytesInSameWrite,
      boolean keepOpen) {
    return new UpgradeResponse(
        kind,
        status,
        reason,
        headers,
        removedHeaders,
        body,
        acceptOverride,
        subprotocolChoice,
        subprotocol,
        extensions,
        bytesInSameWrite,
        keepOpen);
  }

  /**
   * A correct 101: {@code Upgrade: websocket}, {@code Connection: Upgrade} and the right {@code
   * Sec-WebSocket-Accept}, in that order, then any headers added with {@link #withHeader}. A
   * request that is not a version-13 WebSocket upgrade is answered 400 or 426 instead, as a real
   * server would.
   */
  public static UpgradeResponse accept() {
    return of(Kind.SWITCH, 101, "Switching Protocols", new byte[0]);
  }

  /** A plain HTTP answer, e.g. {@code status(404, "Not Found").withBody("<html>...</html>")}. */
  public static UpgradeResponse status(int status, String reason) {
    return of(Kind.HTTP, status, reason, new byte[0]);
  }

  /**
   * A redirect: the status (301, 302, 303, 307 or 308, not checked) with a standard reason and
   * {@code Location: location}, relative or absolute as given.
   */
  public static UpgradeResponse redirect(int status, String location) {
    return status(status, reasonFor(status)).withHeader("Location", location);
  }

  /** Reads the request and never answers; the connection stays open until the client closes it. */
  public static UpgradeResponse noAnswer() {
    return of(Kind.SILENCE, 0, "", new byte[0]);
  }

  /** Answers with exactly these bytes (closed afterwards unless {@link #keepConnectionOpen()}). */
  public static UpgradeResponse raw(byte[] bytes) {
    return of(Kind.RAW, 0, "", bytes.clone());
  }

  /** Answers with a few bytes that cannot be read as HTTP, then closes. */
  public static UpgradeResponse garbage() {
    return raw(Hex.decode("00 ff 13 37 de ad be ef 0d 0a 0d 0a"));
  }

  /** Adds a header line (after the standard ones of a 101; duplicates allowed). */
  public UpgradeResponse withHeader(String name, String value) {
    List<RecordedRequest.Header> more = new ArrayList<>(headers);
    more.add(new RecordedRequest.Header(name, value));
    return copy(
        more,
        removedHeaders,
        body,
        acceptOverride,
        subprotocolChoice,
        subprotocol,
        extensions,
        bytesInSameWrite,
        keepOpen);
  }

  /** Leaves out every header with this name (any case), e.g. {@code withoutHeader("Upgrade")}. */
  public UpgradeResponse withoutHeader(String name) {
    List<String> more = new ArrayList<>(removedHeaders);
    more.add(name.toLowerCase(Locale.ROOT));
    return copy(
        headers,
        more,
        body,
        acceptOverride,
        subprotocolChoice,
        subprotocol,
        extensions,
        bytesInSameWrite,
        keepOpen);
  }

  /** The body, as UTF-8. */
  public UpgradeResponse withBody(String body) {
    return withBody(body.getBytes(StandardCharsets.UTF_8));
  }

  /** The body. */
  public UpgradeResponse withBody(byte[] body) {
    return copy(
        headers,
        removedHeaders,
        body.clone(),
        acceptOverride,
        subprotocolChoice,
        subprotocol,
        extensions,
        bytesInSameWrite,
        keepOpen);
  }

  /** Sends this {@code Sec-WebSocket-Accept} value instead of the correct one. */
  public UpgradeResponse withAccept(String accept) {
    return copy(
        headers,
        removedHeaders,
        body,
        accept,
        subprotocolChoice,
        subprotocol,
        extensions,
        bytesInSameWrite,
        keepOpen);
  }

  /** Answers {@code Sec-WebSocket-Protocol: protocol}, whatever the client offered. */
  public UpgradeResponse withSubprotocol(String protocol) {
    return copy(
        headers,
        removedHeaders,
        body,
        acceptOverride,
        SubprotocolChoice.GIVEN,
        Objects.requireNonNull(protocol),
        extensions,
        bytesInSameWrite,
        keepOpen);
  }

  /** Answers with the first subprotocol the client offered (no header when it offered none). */
  public UpgradeResponse withFirstOfferedSubprotocol() {
    return copy(
        headers,
        removedHeaders,
        body,
        acceptOverride,
        SubprotocolChoice.FIRST_OFFERED,
        null,
        extensions,
        bytesInSameWrite,
        keepOpen);
  }

  /**
   * Answers {@code Sec-WebSocket-Extensions: value} verbatim, without installing any extension;
   * this replaces the answer of {@link TestServerConfig.Builder#permessageDeflate()}.
   */
  public UpgradeResponse withExtensions(String value) {
    return copy(
        headers,
        removedHeaders,
        body,
        acceptOverride,
        subprotocolChoice,
        subprotocol,
        Objects.requireNonNull(value),
        bytesInSameWrite,
        keepOpen);
  }

  /**
   * Appends these bytes (typically frames, see {@link Hex} and {@link RawFrames}) to the response
   * in the same buffer and the same write, so they reach the client in the same read as the 101.
   */
  public UpgradeResponse withBytesInSameWrite(byte[] bytes) {
    return copy(
        headers,
        removedHeaders,
        body,
        acceptOverride,
        subprotocolChoice,
        subprotocol,
        extensions,
        concat(bytes),
        keepOpen);
  }

  /** Keeps the connection open after a non-101 answer (HTTP keep-alive). */
  public UpgradeResponse keepConnectionOpen() {
    return copy(
        headers,
        removedHeaders,
        body,
        acceptOverride,
        subprotocolChoice,
        subprotocol,
        extensions,
        bytesInSameWrite,
        true);
  }

  /** Whether the connection switches to WebSocket after this answer. */
  boolean switchesProtocols() {
    return kind == Kind.SWITCH && status == 101;
  }

  /** {@code base64(SHA-1(key + GUID))}, the {@code Sec-WebSocket-Accept} for a key. */
  public static String acceptFor(String secWebSocketKey) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1")
              .digest((secWebSocketKey + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JDK", e);
    }
  }

  static String reasonFor(int status) {
    return switch (status) {
      case 101 -> "Switching Protocols";
      case 200 -> "OK";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 303 -> "See Other";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 426 -> "Upgrade Required";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status " + status;
    };
  }

  private byte[] concat(byte[] more) {
    byte[] joined = new byte[bytesInSameWrite.length + more.length];
    System.arraycopy(bytesInSameWrite, 0, joined, 0, bytesInSameWrite.length);
    System.arraycopy(more, 0, joined, bytesInSameWrite.length, more.length);
    return joined;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case SWITCH, HTTP -> "UpgradeResponse{" + status + " " + reason + " " + headers + "}";
      case SILENCE -> "UpgradeResponse{no answer}";
      case RAW -> "UpgradeResponse{raw " + body.length + " bytes}";
    };
  }
}
