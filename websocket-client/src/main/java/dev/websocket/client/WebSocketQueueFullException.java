package dev.websocket.client;

/**
 * An asynchronous send was refused because the bytes already queued for the socket reached the
 * limit ({@link ConnectOptions#sendBufferBytes()}). Nothing was queued; the connection is intact.
 * Wait for {@link WebSocketListener#onWritable} (or poll {@link AsyncWebSocket#isWritable()}) and
 * send again.
 */
public class WebSocketQueueFullException extends WebSocketException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public WebSocketQueueFullException(String message) {
    super(message);
  }
}
