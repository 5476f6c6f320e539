package dev.websocket.client.internal;

import dev.websocket.proxy.ProxyHandlers;

/**
 * The name of each handler the client puts in a pipeline, in wire order (socket first). A Netty
 * user who composes a pipeline around ours finds them here; no other class spells them.
 */
public final class PipelineNames {

  /** Netty's proxy handler, when the connection goes through a proxy. */
  public static final String PROXY = ProxyHandlers.HANDLER_NAME;
  /** The TLS handler, for wss. */
  public static final String SSL = "ws-ssl";
  /** The raw-bytes trace tap, when tracing is on. */
  public static final String TRACE_RAW = "ws-trace-raw";
  /** The frame encoder (masking), added after the 101. */
  public static final String ENCODER = "ws-encoder";
  /** The HTTP response decoder of the opening handshake, removed after the 101. */
  public static final String HTTP_CODEC = "ws-http-codec";
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

  private PipelineNames() {}
}
