package dev.websocket.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The Netty adapter of {@link FrameParser}: bytes in, {@link Frame}s out, payloads as slices of
 * the inbound buffer.
 *
 * <p>A broken rule reaches the next handlers as a {@link ProtocolViolationException} through
 * {@code exceptionCaught}, after every frame that preceded it on the wire; the decoder then
 * discards all further input. Failing the connection (the close frame with the code) is the
 * protocol handler's job, not the decoder's.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

  private final FrameParser parser;

  /** A decoder applying {@code config}'s rules. */
  public FrameDecoder(FrameDecoderConfig config) {
    this.parser = new FrameParser(config);
  }

  /** A client decoder with the default limits. */
  public static FrameDecoder forClient() {
    return new FrameDecoder(FrameDecoderConfig.CLIENT);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (parser.hasFailed()) {
      in.skipBytes(in.readableBytes());
      return;
    }
    // Decode every complete frame in this read; the parser consumes nothing of an incomplete one.
    while (in.isReadable()) {
      Frame frame = parser.parse(in);
      if (frame == null) {
        return;
      }
      out.add(frame);
    }
  }
}
