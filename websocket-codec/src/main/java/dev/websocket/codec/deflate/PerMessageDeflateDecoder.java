package dev.websocket.codec.deflate;

import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Inflates incoming compressed messages: sits after the frame decoder and hands on frames as if the
 * extension did not exist. A thin adapter over {@link MessageInflater}.
 *
 * <ul>
 *   <li>A TEXT or BINARY frame with RSV1 starts a compressed message (RFC 7692 section 6); it and
 *       its CONTINUATION frames leave with their payloads inflated and RSV1 cleared, one frame out
 *       per frame in (an inflated frame may be empty).
 *   <li>Uncompressed messages and control frames pass through untouched.
 *   <li>It expects the frames of a {@link dev.websocket.codec.FrameDecoder} configured to allow
 *       RSV1, which has already judged where RSV1 may be set (RFC 7692 section 6) and the order of
 *       fragments (RFC 6455 section 5.4): those rules have their one home in the frame parser.
 *   <li>A failure ({@link ProtocolViolationException} with 1002, 1007 or 1009) goes down the
 *       pipeline as an exception; after it, data frames are dropped (released) while control frames
 *       still pass, so the close handshake can run.
 * </ul>
 *
 * <p>The inflater's native memory is freed when the handler is removed or the channel goes
 * inactive. One instance per channel.
 */
public final class PerMessageDeflateDecoder extends MessageToMessageDecoder<Frame> {

  private final MessageInflater inflater;
  private boolean inCompressedMessage;
  private boolean failed;

  /**
   * A decoder for the server-to-client side of {@code parameters}.
   *
   * @param maxMessageBytes the largest inflated message, in bytes; larger ones fail with 1009
   * @param validateUtf8 whether inflated TEXT messages are checked for UTF-8 (fails with 1007)
   */
  public PerMessageDeflateDecoder(
      DeflateParameters parameters, long maxMessageBytes, boolean validateUtf8) {
    this(new MessageInflater(parameters, maxMessageBytes, validateUtf8));
  }

  /** A decoder over a given inflater, which it then owns and closes. */
  PerMessageDeflateDecoder(MessageInflater inflater) {
    super(Frame.class);
    this.inflater = inflater;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
    try {
      decodeFrame(ctx, frame, out);
    } catch (RuntimeException e) {
      failed = true;
      inCompressedMessage = false;
      throw e;
    }
  }

  private void decodeFrame(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
    Opcode opcode = frame.opcode();
    if (opcode.isControl()) {
      out.add(frame.retain());
      return;
    }
    if (failed) {
      return; // The connection is failing; the frame is released by the superclass.
    }
    boolean compressed = opcode == Opcode.CONTINUATION ? inCompressedMessage : frame.rsv1();
    if (!compressed) {
      out.add(frame.retain());
      return;
    }
    if (opcode != Opcode.CONTINUATION) {
      inflater.startMessage(opcode);
      inCompressedMessage = true;
    }
    ByteBuf inflated = inflater.inflate(frame.content(), frame.isFinal(), ctx.alloc());
    if (frame.isFinal()) {
      inCompressedMessage = false;
    }
    out.add(new Frame(opcode, frame.isFinal(), frame.rsv() & ~Frame.RSV1, inflated));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    inflater.close();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
    inflater.close();
    super.handlerRemoved(ctx);
  }
}
