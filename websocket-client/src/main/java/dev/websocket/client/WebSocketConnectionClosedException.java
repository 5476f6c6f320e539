package dev.websocket.client;

import dev.websocket.codec.CloseStatus;

/**
 * The connection is closed, or closed while the operation waited. When the server sent a close
 * frame, its status and reason are here; otherwise the status is {@link
 * CloseStatus#ABNORMAL_CLOSED} (1006).
 */
public class WebSocketConnectionClosedException extends WebSocketException {
  private static final long serialVersionUID = 1L;

  /** The close status. */
  private final int status;

  /** The close reason, or empty. */
  private final String reason;

  /** Closed with no close frame seen (1006). */
  public WebSocketConnectionClosedException(String message) {
    this(message, CloseStatus.ABNORMAL_CLOSED, "", null);
  }

  /** Closed with the given status and reason. */
  public WebSocketConnectionClosedException(
      String message, int status, String reason, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.reason = reason == null ? "" : reason;
  }

  /**
   * The close status: the server's, 1005 when its close frame had none, 1006 when there was no
   * close frame.
   */
  public int status() {
    return status;
  }

  /** The server's close reason, or empty. */
  public String reason() {
    return reason;
  }
}
