package dev.websocket.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The Netty adapter of {@link FrameParser}: bytes in, {@link Frame}s out, payloads as slices of the
 * inbound buffer.
 *
 * <p>Reads are gathered into one buffer until a frame is whole, except the payload of a large
 * unmasked frame: it is gathered as a composite, since copying it into one growing buffer costs the
 * payload over again in copies, and in zeroing when the buffer outgrows the allocator's pools. A
 * large, well-filled read joins the composite by reference; smaller reads are copied into chunks of
 * {@value #CHUNK_SIZE} bytes, so a frame a server dribbles a byte per read holds about what
 * arrived, not a read buffer per byte.
 *
 * <p>A broken rule reaches the next handlers as a {@link ProtocolViolationException} through {@code
 * exceptionCaught}, after every frame that preceded it on the wire; the decoder then discards all
 * further input. Failing the connection (the close frame with the code) is the protocol handler's
 * job, not the decoder's.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

  /** Unmasked payloads from this size up are gathered as a composite of the reads. */
  static final int GATHER_THRESHOLD = 64 * 1024;

  /** The capacity of a chunk that collects small reads of a gathered payload. */
  static final int CHUNK_SIZE = 64 * 1024;

  /** Reads from this size up, at least half full, join a gathered payload by reference. */
  static final int REFERENCE_THRESHOLD = 8 * 1024;

  private final FrameParser parser;
  private final boolean masked;

  /** A decoder applying {@code config}'s rules. */
  public FrameDecoder(FrameDecoderConfig config) {
    this.parser = new FrameParser(config);
    // Masked payloads are unmasked in place, which wants flat memory.
    this.masked = config.expectMaskedFrames();
    setCumulator(this::cumulate);
  }

  /** A client decoder with the default limits. */
  public static FrameDecoder forClient() {
    return new FrameDecoder(FrameDecoderConfig.CLIENT);
  }

  private ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
    if (!masked && parser.payloadLengthInProgress() >= GATHER_THRESHOLD) {
      return gather(alloc, cumulation, in);
    }
    if (cumulation instanceof CompositeByteBuf && cumulation.isReadable()) {
      // What is left of a gathered frame: back to one flat buffer for the small frames after it.
      ByteBuf flat = alloc.buffer(cumulation.readableBytes() + in.readableBytes());
      flat.writeBytes(cumulation).writeBytes(in);
      cumulation.release();
      in.release();
      return flat;
    }
    return MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
  }

  /**
   * Adds a read to a large payload's composite: by reference when it is large and at least half
   * full (its buffer then costs at most twice its bytes), else copied into the last chunk's room, a
   * new chunk when it has none left.
   */
  private static ByteBuf gather(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
    if (!in.isReadable()) {
      in.release();
      return cumulation;
    }
    CompositeByteBuf composite;
    if (cumulation instanceof CompositeByteBuf && cumulation.refCnt() == 1) {
      composite = (CompositeByteBuf) cumulation;
    } else {
      // A composite that frames still hold slices of may be read on other threads at this very
      // moment: it is never changed, a new one takes its parts over.
      composite = alloc.compositeBuffer(Integer.MAX_VALUE);
      if (cumulation.isReadable()) {
        composite.addFlattenedComponents(true, cumulation);
      } else {
        cumulation.release();
      }
    }
    int length = in.readableBytes();
    if (length <= composite.writableBytes()) {
      composite.writeBytes(in);
      in.release();
    } else if (length >= REFERENCE_THRESHOLD && length * 2L >= in.capacity()) {
      // The last chunk's unwritten room would sit before this read: cut it off first.
      composite.capacity(composite.writerIndex());
      composite.addComponent(true, in);
    } else {
      // A chunk of its own, its length its capacity, which the composite then writes into.
      int room = Math.max(CHUNK_SIZE, length);
      composite.addComponent(false, alloc.buffer(room, room).writerIndex(room));
      composite.writeBytes(in);
      in.release();
    }
    return composite;
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
