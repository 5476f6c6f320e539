package dev.websocket.client.internal.http2;

import dev.websocket.client.WebSocketException;

/**
 * The server cannot carry a WebSocket over HTTP/2: {@code PREFER} then falls back to HTTP/1.1,
 * {@code REQUIRE} fails with this exception, whose message says why.
 */
public final class Http2Unavailable extends WebSocketException {

  private static final long serialVersionUID = 1L;

  Http2Unavailable(String message) {
    super(message);
  }
}
