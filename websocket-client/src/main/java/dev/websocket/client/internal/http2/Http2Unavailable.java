package dev.websocket.client.internal.http2;

import dev.websocket.client.WebSocketException;
import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server cannot carry a WebSocket over HTTP/2: {@code PREFER} then falls back to HTTP/1.1,
 * {@code REQUIRE} fails with this exception, whose message says why.
 */
public final class Http2Unavailable extends WebSocketException {

  private static final long serialVersionUID = 1L;

  private final boolean lasting;

  /** The probe's connection, still open, until someone takes it. */
  private final transient AtomicReference<Channel> connection;

  /** A reason that may pass (the connection dropped, no stream free). */
  Http2Unavailable(String message) {
    this(message, false);
  }

  /**
   * @param lasting whether the server said so itself (ALPN, SETTINGS) and will say it again, so
   *     that {@code PREFER} may go straight to HTTP/1.1 for a while
   */
  Http2Unavailable(String message, boolean lasting) {
    this(message, lasting, null);
  }

  /**
   * A server's lasting "no" on a connection that can carry the WebSocket over HTTP/1.1 instead: a
   * TLS connection on which ALPN chose http/1.1.
   *
   * @param connection that connection, open, with nothing after its TLS handler
   */
  Http2Unavailable(String message, boolean lasting, Channel connection) {
    super(message);
    this.lasting = lasting;
    this.connection = new AtomicReference<>(connection);
  }

  /**
   * The connection on which the server chose HTTP/1.1, to run the HTTP/1.1 upgrade on, for the
   * first caller only: it then owns the connection and must use or close it. Null for every other
   * caller, and when there is none.
   */
  Channel takeConnection() {
    return connection == null ? null : connection.getAndSet(null);
  }

  /** Whether the server itself said it cannot, and will say it again. */
  boolean lasting() {
    return lasting;
  }
}
