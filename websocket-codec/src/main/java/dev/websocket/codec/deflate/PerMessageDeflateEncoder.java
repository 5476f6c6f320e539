package dev.websocket.codec.deflate;

import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Compresses outgoing messages: sits before the frame encoder and turns plain data frames into
 * permessage-deflate ones. A thin adapter over {@link MessageDeflater}; which messages are
 * compressed is decided as follows.
 *
 * <ul>
 *   <li>A whole (FIN) TEXT or BINARY frame is compressed when its payload is at least the
 *       compression threshold and {@link MessageDeflater#canCompress(long)} allows its length; it
 *       then leaves with RSV1 set (RFC 7692 section 6).
 *   <li>A fragmented message (a non-final TEXT or BINARY frame, then CONTINUATIONs) is compressed
 *       fragment by fragment in one stream when {@link MessageDeflater#canCompressFragmented()}
 *       allows (a 15-bit client window); RSV1 is set on its first frame only (RFC 7692 section 6).
 *       Otherwise it goes out uncompressed. The threshold does not apply: the length is unknown.
 *   <li>A data frame that already has RSV1 set is taken as compressed by the application and passes
 *       through with its continuations, untouched.
 *   <li>Control frames pass through untouched, also between fragments.
 * </ul>
 *
 * <p>The deflater's native memory is freed when the handler is removed, which Netty does when the
 * channel is closed and deregistered. One instance per channel.
 */
public final class PerMessageDeflateEncoder extends MessageToMessageEncoder<Frame> {

  private final MessageDeflater deflater;
  private final int compressionThreshold;

  /** Inside a fragmented message whose fragments are being compressed. */
  private boolean compressingFragments;

  /** An encoder for the client-to-server side of {@code parameters}, with the default config. */
  public PerMessageDeflateEncoder(DeflateParameters parameters) {
    this(parameters, PerMessageDeflateConfig.DEFAULT);
  }

  /**
   * An encoder for the client-to-server side of {@code parameters}, taking the compression level
   * and threshold from {@code config}.
   */
  public PerMessageDeflateEncoder(DeflateParameters parameters, PerMessageDeflateConfig config) {
    this(new MessageDeflater(parameters, config.compressionLevel()), config.compressionThreshold());
  }

  /** An encoder over a given deflater, which it then owns and closes. */
  PerMessageDeflateEncoder(MessageDeflater deflater, int compressionThreshold) {
    super(Frame.class);
    this.deflater = deflater;
    this.compressionThreshold = compressionThreshold;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
    Opcode opcode = frame.opcode();
    if (opcode.isControl()) {
      out.add(frame.retain());
      return;
    }
    if (opcode == Opcode.CONTINUATION) {
      if (!compressingFragments) {
        out.add(frame.retain());
        return;
      }
      ByteBuf compressed = deflater.compressFragment(frame.content(), frame.isFinal(), ctx.alloc());
      if (frame.isFinal()) {
        compressingFragments = false;
      }
      out.add(new Frame(opcode, frame.isFinal(), frame.rsv(), compressed));
      return;
    }
    if (frame.rsv1()) {
      out.add(frame.retain());
      return;
    }
    if (frame.isFinal()) {
      int length = frame.content().readableBytes();
      if (length < compressionThreshold || !deflater.canCompress(length)) {
        out.add(frame.retain());
        return;
      }
      ByteBuf compressed = deflater.compress(frame.content(), ctx.alloc());
      out.add(new Frame(opcode, true, frame.rsv() | Frame.RSV1, compressed));
      return;
    }
    if (!deflater.canCompressFragmented()) {
      out.add(frame.retain());
      return;
    }
    ByteBuf compressed = deflater.compressFragment(frame.content(), false, ctx.alloc());
    compressingFragments = true;
    out.add(new Frame(opcode, false, frame.rsv() | Frame.RSV1, compressed));
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
    deflater.close();
    super.handlerRemoved(ctx);
  }
}
