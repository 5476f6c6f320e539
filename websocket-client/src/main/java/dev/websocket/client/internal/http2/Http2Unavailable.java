package dev.websocket.client.internal.http2;

import dev.websocket.client.WebSocketException;

/**
 * The server cannot carry a WebSocket over HTTP/2: {@code PREFER} then falls back to HTTP/1.1,
 * {@code REQUIRE} fails with this exception, whose message says why.
 */
public final class Http2Unavailable extends WebSocketException {

  private static final long serialVersionUID = 1L;

  private final boolean lasting;

  /** A reason that may pass (the connection dropped, no stream free). */
  Http2Unavailable(String message) {
    this(message, false);
  }

  /**
   * @param lasting whether the server said so itself (ALPN, SETTINGS) and will say it again, so
   *     that {@code PREFER} may go straight to HTTP/1.1 for a while
   */
  Http2Unavailable(String message, boolean lasting) {
    super(message);
    this.lasting = lasting;
  }

  /** Whether the server itself said it cannot, and will say it again. */
  boolean lasting() {
    return lasting;
  }
}
