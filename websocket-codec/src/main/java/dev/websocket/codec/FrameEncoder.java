package dev.websocket.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * The Netty adapter of {@link FrameWriter}: {@link Frame} out, bytes to the wire. Masks every frame
 * when built for a client. Releases each frame once encoded.
 */
public final class FrameEncoder extends MessageToMessageEncoder<Frame> {

  private final FrameWriter writer;

  /** An encoder for a client: every frame masked with a key from {@code maskKeys}. */
  public FrameEncoder(MaskKeySource maskKeys) {
    super(Frame.class);
    this.writer = new FrameWriter(maskKeys);
  }

  /** A client encoder with keys from {@link MaskKeySource#secureRandom()}. */
  public static FrameEncoder forClient() {
    return new FrameEncoder(MaskKeySource.secureRandom());
  }

  /** A server encoder: no masking, large payloads sent without a copy. */
  public static FrameEncoder forServer() {
    return new FrameEncoder(null);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
    if (writer.masks() || frame.length() <= FrameWriter.COPY_THRESHOLD) {
      out.add(writer.encode(frame, ctx.alloc()));
    } else {
      ByteBuf header = writer.encodeHeader(frame, ctx.alloc());
      out.add(header);
      out.add(frame.payload().retain());
    }
  }
}
