package dev.websocket.client;

/**
 * An operation did not finish in time: connect, the opening handshake, a receive, a blocked send,
 * or a pong after a keepalive ping. After a receive timeout the connection is still usable.
 */
public class WebSocketTimeoutException extends WebSocketException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public WebSocketTimeoutException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause. */
  public WebSocketTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
