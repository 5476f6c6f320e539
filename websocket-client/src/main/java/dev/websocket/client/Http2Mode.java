package dev.websocket.client;

/**
 * Whether a WebSocket may run as one stream of an HTTP/2 connection (RFC 8441), sharing that
 * connection, and its one TLS handshake, with every other WebSocket to the same origin.
 *
 * <p>Set with {@link ConnectOptions.Builder#http2(Http2Mode)}; {@link WebSocket#httpVersion()}
 * tells which one a connection got.
 */
public enum Http2Mode {
  /** HTTP/1.1 Upgrade only: one TCP connection per WebSocket (the default). */
  OFF,
  /**
   * On {@code wss://}: offer ALPN {@code h2, http/1.1}; open the WebSocket as an HTTP/2 stream when
   * the server speaks h2 and enables the extended CONNECT protocol, otherwise connect over
   * HTTP/1.1. On {@code ws://} this is HTTP/1.1.
   */
  PREFER,
  /**
   * HTTP/2 or fail: on {@code wss://} through ALPN, on {@code ws://} as h2c with prior knowledge. A
   * server that cannot (no ALPN h2, extended CONNECT not enabled, stream refused) fails the connect
   * with a {@link WebSocketException} saying which.
   */
  REQUIRE
}
