package dev.websocket.client;

import java.util.List;
import java.util.Map;

/**
 * The server answered the opening handshake with a status other than 101 Switching Protocols (and
 * no redirect was followed). The status, its reason phrase and the response headers are kept; the
 * message also shows the start of the response body.
 */
public class WebSocketBadStatusException extends WebSocketException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status code. */
  private final int statusCode;
  /** The HTTP reason phrase. */
  private final String statusMessage;
  private final transient Map<String, List<String>> headers;

  /** A bad status with the response's headers. */
  public WebSocketBadStatusException(String message, int statusCode, String statusMessage, Map<String, List<String>> headers) {
    super(message);
    this.statusCode = statusCode;
    this.statusMessage = statusMessage;
    this.headers = headers;
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
}
