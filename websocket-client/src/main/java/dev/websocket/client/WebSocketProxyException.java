package dev.websocket.client;

/**
 * The proxy could not be reached, timed out, refused the credentials or refused to open the tunnel.
 * The message names the proxy type, its host and port and the reason, never the credentials.
 */
public class WebSocketProxyException extends WebSocketException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public WebSocketProxyException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause. */
  public WebSocketProxyException(String message, Throwable cause) {
    super(message, cause);
  }
}
