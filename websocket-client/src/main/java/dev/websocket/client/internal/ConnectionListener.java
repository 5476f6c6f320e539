package dev.websocket.client.internal;

import dev.websocket.codec.Frame;
import dev.websocket.codec.ProtocolViolationException;

/**
 * What a front door (blocking, callback or async) hears from a {@link Connection}, in wire order,
 * on the connection's event loop. Implementations must not block.
 */
public interface ConnectionListener {

  /**
   * A frame as it arrived: data frames unjoined, control frames (PING, PONG, CLOSE) after the
   * connection acted on them (pings answered, closes answered). The listener owns the frame.
   */
  void onFrame(Frame frame);

  /**
   * The server broke the protocol. Every frame before the violation was delivered first. The
   * listener calls {@link Connection#fail} when the application reaches this point; the connection
   * fails itself after the close timeout if it does not.
   */
  void onViolation(ProtocolViolationException violation);

  /** An I/O failure (reset, TLS alert). The connection closes next. */
  void onError(Throwable cause);

  /**
   * The TCP connection is closed; {@code outcome} says how the close handshake went. Called exactly
   * once, last.
   */
  void onClosed(CloseOutcome outcome);

  /** The connection became writable again after a send had to wait (backpressure). */
  default void onWritable() {}
}
