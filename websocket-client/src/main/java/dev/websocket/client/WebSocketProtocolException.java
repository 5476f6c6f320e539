package dev.websocket.client;

import dev.websocket.codec.CloseStatus;

/**
 * The server broke the protocol: a malformed frame, a bad handshake response, an extension that was
 * not offered. {@link #closeStatus()} is the code the client sent (or would send) to fail the
 * connection.
 */
public class WebSocketProtocolException extends WebSocketException {
  private static final long serialVersionUID = 1L;

  /** The close code that fails the connection. */
  private final int closeStatus;

  /** A protocol error answered with 1002. */
  public WebSocketProtocolException(String message) {
    this(CloseStatus.PROTOCOL_ERROR, message, null);
  }

  /** A protocol error answered with 1002, with its cause. */
  public WebSocketProtocolException(String message, Throwable cause) {
    this(CloseStatus.PROTOCOL_ERROR, message, cause);
  }

  /** A protocol error answered with {@code closeStatus}. */
  public WebSocketProtocolException(int closeStatus, String message, Throwable cause) {
    super(message, cause);
    this.closeStatus = closeStatus;
  }

  /** The close code that fails the connection (1002, 1007, 1009, 1010...). */
  public int closeStatus() {
    return closeStatus;
  }
}
