package dev.websocket.client.internal;

import dev.websocket.client.ServerText;
import dev.websocket.client.WebSocketConnectionClosedException;
import dev.websocket.codec.ClosePayload;
import dev.websocket.codec.CloseStatus;

/**
 * How the close handshake of a connection went, as far as it went: which side started it, the close
 * frame the client sent and the one the server sent (each null when none). The one place that words
 * a closed connection for the user.
 *
 * @param clientStarted whether the client sent its close frame before it received the server's
 * @param sent the client's close frame, or null
 * @param received the server's close frame, or null
 */
public record CloseOutcome(boolean clientStarted, ClosePayload sent, ClosePayload received) {

  /** Nothing sent, nothing received: the state of an open connection, or one that was cut. */
  public static final CloseOutcome NONE = new CloseOutcome(false, null, null);

  /** The status the user sees: the server's, 1005 when its frame had none, 1006 when none came. */
  public int status() {
    return received == null ? CloseStatus.ABNORMAL_CLOSED : received.status();
  }

  /** The server's reason, or "". */
  public String reason() {
    return received == null ? "" : received.reason();
  }

  /** The words for a closed connection: who closed it, with which status and reason. */
  public String describe() {
    if (clientStarted) {
      return "Connection closed by the client: " + statusAndReason(sent);
    }
    if (received == null) {
      return "Connection closed without a close frame";
    }
    return "Connection closed by the server: " + statusAndReason(received);
  }

  /** The exception for an operation on the connection once it is closed or closing. */
  public WebSocketConnectionClosedException exception() {
    return new WebSocketConnectionClosedException(describe(), status(), reason(), null);
  }

  private static String statusAndReason(ClosePayload close) {
    return close.reason().isEmpty()
        ? String.valueOf(close.status())
        : close.status() + " " + ServerText.quote(close.reason());
  }
}
