package dev.websocket.client;

/**
 * The TCP connection to the server could not be made (refused, no route to the host) or was lost
 * before the upgrade (reset, closed during the opening handshake). The message names the host and
 * port; the cause is the transport's own exception.
 */
public class WebSocketConnectException extends WebSocketException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public WebSocketConnectException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause. */
  public WebSocketConnectException(String message, Throwable cause) {
    super(message, cause);
  }
}
