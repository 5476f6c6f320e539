/**
 * RFC 6455 framing without I/O (parser, writer, masking, UTF-8 validation, message assembly, close
 * codes), permessage-deflate (RFC 7692), and the thin Netty adapters that run them in a pipeline.
 *
 * <p>Both packages are API: {@link dev.websocket.codec} and {@link dev.websocket.codec.deflate}.
 * Netty's buffer, codec and transport modules are read transitively, since frames carry
 * {@code ByteBuf}s and the adapters are Netty handlers.
 */
module dev.websocket.codec {
  requires transitive io.netty.buffer;
  requires transitive io.netty.codec;
  requires transitive io.netty.common;
  requires transitive io.netty.transport;

  exports dev.websocket.codec;
  exports dev.websocket.codec.deflate;
}
