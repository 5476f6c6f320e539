package dev.websocket.client.internal;

import dev.websocket.proxy.ProxyHandlers;

/**
 * The name of each handler the client puts in a pipeline, in wire order (socket first). A Netty
 * user who composes a pipeline around ours finds them here; no other class spells them.
 */
public final class PipelineNames {

  /**
   * Holds {@code channelActive} back in a raced connect's attempt until it has won (Happy
   * Eyeballs).
   */
  public static final String RACE_GATE = "ws-race-gate";

  /** Ends a raced connect's attempt until it has won, taking what a closed loser reports. */
  public static final String RACE_SINK = "ws-race-sink";

  /** Netty's proxy handler, when the connection goes through a proxy. */
  public static final String PROXY = ProxyHandlers.HANDLER_NAME;

  /** The TLS handler, for wss. */
  public static final String SSL = "ws-ssl";

  /** The raw-bytes trace tap, when tracing is on. */
  public static final String TRACE_RAW = "ws-trace-raw";

  /** The HTTP response decoder of the opening handshake, removed after the 101. */
  public static final String HTTP_CODEC = "ws-http-codec";

  /**
   * The frame encoder (masking), added after the 101 (outbound only: its place among inbound
   * handlers is moot).
   */
  public static final String ENCODER = "ws-encoder";

  /** The frame decoder, added after the 101 right behind the HTTP decoder, so no byte is lost. */
  public static final String DECODER = "ws-decoder";

  /** The permessage-deflate decoder, when negotiated. */
  public static final String INFLATER = "ws-inflater";

  /** The permessage-deflate encoder, when negotiated. */
  public static final String DEFLATER = "ws-deflater";

  /** The aggregator of a response other than 101, added only for one. */
  public static final String HTTP_AGGREGATOR = "ws-http-aggregator";

  /** The opening handshake handler, removed after the 101. */
  public static final String HANDSHAKE = "ws-handshake";

  /** The frame trace tap, when tracing is on. */
  public static final String TRACE_FRAMES = "ws-trace-frames";

  /** The protocol handler: pings, the close handshake, events to the front door. */
  public static final String PROTOCOL = "ws-protocol";

  // WebSocket over HTTP/2 (RFC 8441). The shared connection: PROXY, SSL, then

  /** Joins the flushes of a shared connection's streams made in one event-loop turn into one. */
  public static final String H2_FLUSH = "ws-h2-flush";

  /** The HTTP/2 frame codec of a shared connection. */
  public static final String H2_CODEC = "ws-h2-codec";

  /** The stream multiplexer of a shared connection. */
  public static final String H2_MULTIPLEX = "ws-h2-multiplex";

  /** Reads a shared connection's SETTINGS and GOAWAY. */
  public static final String H2_SETTINGS = "ws-h2-settings";

  // Each WebSocket's stream: H2_STREAM, TRACE_RAW, ENCODER, DECODER, INFLATER, DEFLATER,
  // H2_HANDSHAKE,
  // TRACE_FRAMES, H2_CLOSE_WATCHER, PROTOCOL.

  /**
   * The stream adapter: DATA frames to bytes and back, END_STREAM and RST_STREAM to close events.
   */
  public static final String H2_STREAM = "ws-h2-stream";

  /** The extended CONNECT handshake on a stream, removed after the 2xx. */
  public static final String H2_HANDSHAKE = "ws-h2-handshake";

  /** Sees close frames go by, so the stream adapter knows when to end the stream. */
  public static final String H2_CLOSE_WATCHER = "ws-h2-close-watcher";

  private PipelineNames() {}
}
