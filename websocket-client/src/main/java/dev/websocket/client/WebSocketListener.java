package dev.websocket.client;

import dev.websocket.codec.Opcode;
import java.nio.ByteBuffer;

/**
 * Receives the events of an {@link AsyncWebSocket}, one at a time and in wire order, on the
 * connection's event loop or on the executor given to {@code connectAsync}.
 *
 * <p>Demand: the listener gets no more messages (and pings and pongs) than it asked for with {@link
 * AsyncWebSocket#request(long)}, and while its demand is zero the client stops reading from the
 * socket, so TCP slows the server down. The default {@link #onOpen} asks for everything; override
 * it to apply backpressure. {@link #onClose} and {@link #onError} need no demand but come after
 * every event before them.
 *
 * <p>An exception thrown by a callback is given to {@link #onError} and the connection is closed
 * with 1011 (internal error).
 */
public interface WebSocketListener {

  /**
   * The connection is open. By default asks for every message: {@code ws.request(Long.MAX_VALUE)}.
   */
  default void onOpen(AsyncWebSocket ws) {
    ws.request(Long.MAX_VALUE);
  }

  /** A whole TEXT message. */
  default void onText(AsyncWebSocket ws, String text) {}

  /** A whole BINARY message; the buffer is the listener's to keep. */
  default void onBinary(AsyncWebSocket ws, ByteBuffer data) {}

  /**
   * One fragment of a message, when {@link ConnectOptions#fireContFrame()} asks for streaming
   * instead of whole messages: {@code opcode} is TEXT or BINARY for the first fragment and
   * CONTINUATION after it; {@code last} marks the final fragment.
   */
  default void onPart(AsyncWebSocket ws, Opcode opcode, ByteBuffer data, boolean last) {}

  /** A ping from the server; it has already been answered. */
  default void onPing(AsyncWebSocket ws, ByteBuffer payload) {}

  /** A pong from the server. */
  default void onPong(AsyncWebSocket ws, ByteBuffer payload) {}

  /**
   * Sending may go on: the queue drained below its limit after a send had to wait or failed for it.
   */
  default void onWritable(AsyncWebSocket ws) {}

  /**
   * The connection is closed: the server's close status and reason, or 1006 and "" when TCP went
   * away without a close frame. Called exactly once, last.
   */
  default void onClose(AsyncWebSocket ws, int status, String reason) {}

  /** A protocol violation by the server, an I/O failure, or an exception from a callback. */
  default void onError(AsyncWebSocket ws, Throwable error) {}
}
