package dev.websocket.client;

/**
 * A message's content was unacceptable: text that is not UTF-8 (1007) or a message or frame above
 * the configured limit (1009).
 */
public class WebSocketPayloadException extends WebSocketProtocolException {
  private static final long serialVersionUID = 1L;

  /** A payload error answered with {@code closeStatus}. */
  public WebSocketPayloadException(int closeStatus, String message, Throwable cause) {
    super(closeStatus, message, cause);
  }
}
