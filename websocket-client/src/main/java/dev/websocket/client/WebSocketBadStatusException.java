package dev.websocket.client;

import java.util.List;
import java.util.Map;

/**
 * The server answered the opening handshake with a status other than 101 Switching Protocols (and
 * no redirect was followed). The status, its reason phrase, the response headers and body (up to 64
 * KiB, Python's {@code resp_body}) are kept; the message also shows the start of the body.
 */
public class WebSocketBadStatusException extends WebSocketException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status code. */
  private final int statusCode;

  /** The HTTP reason phrase. */
  private final String statusMessage;

  private final transient Map<String, List<String>> headers;
  private final byte[] body;

  /** A bad status with the response's headers, without its body. */
  public WebSocketBadStatusException(
      String message, int statusCode, String statusMessage, Map<String, List<String>> headers) {
    this(message, statusCode, statusMessage, headers, new byte[0]);
  }

  /** A bad status with the response's headers and body (copied). */
  public WebSocketBadStatusException(
      String message,
      int statusCode,
      String statusMessage,
      Map<String, List<String>> headers,
      byte[] body) {
    super(message);
    this.statusCode = statusCode;
    this.statusMessage = statusMessage;
    this.headers = headers;
    this.body = body.clone();
  }

  /** The HTTP status code, e.g. 404. */
  public int statusCode() {
    return statusCode;
  }

  /** The reason phrase, e.g. "Not Found". */
  public String statusMessage() {
    return statusMessage;
  }

  /** The response headers, names in lower case, in the order received; unmodifiable. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * The response body as received (Python's {@code resp_body}): its first 64 KiB when it was
   * longer; empty when it had none. A copy.
   */
  public byte[] body() {
    return body.clone();
  }
}
