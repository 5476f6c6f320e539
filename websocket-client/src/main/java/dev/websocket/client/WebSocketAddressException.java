package dev.websocket.client;

/** The server's host name could not be resolved. */
public class WebSocketAddressException extends WebSocketException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public WebSocketAddressException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause. */
  public WebSocketAddressException(String message, Throwable cause) {
    super(message, cause);
  }
}
