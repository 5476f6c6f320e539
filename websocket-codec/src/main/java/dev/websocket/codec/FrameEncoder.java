package dev.websocket.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * The Netty adapter of {@link FrameWriter}: {@link Frame} out, bytes to the wire. Masks every frame
 * when built for a client. Releases each frame once encoded.
 *
 * <p>Small frames written between two flushes are encoded back to back into one buffer, which goes
 * down the pipeline at the flush: a burst of small messages costs one buffer and one entry in the
 * channel's outbound buffer rather than one per frame. Each frame's promise completes when that
 * buffer is written. Anything else written (a large frame, a plain buffer) first sends the batch
 * on, as does closing the channel, so the order on the wire is the order of the writes.
 *
 * <p>Frames written while a read of at least 2 KiB is being handled (answers to the messages it
 * brought) are flushed early, without waiting for the flush at the end of the read: once 128 bytes
 * wait, then each time twice as many as at the last early flush, up to 16 KiB. The peer starts on
 * the first answers while the rest of the read is handled, instead of the two ends taking turns
 * with whole batches; a long read still costs few system calls (one per doubling). Frames written
 * outside a read wait for the flush.
 */
public final class FrameEncoder extends ChannelDuplexHandler {

  /** Frames up to this encoded size join the batch; larger ones get a buffer of their own. */
  static final int MAX_BATCHED_FRAME = 4 * 1024;

  private static final int MIN_BATCH = 256;
  private static final int MAX_BATCH = 16 * 1024;

  /** The bytes written during a read that trigger its first early flush. */
  static final int FIRST_EARLY_FLUSH = 128;

  /**
   * The smallest read whose answers are flushed early: a smaller one is handled in a few
   * microseconds, less than an extra system call and the peer's wake-up would save.
   */
  static final int EARLY_FLUSH_MIN_READ = 2048;

  private final FrameWriter writer;

  /** The frames written since the last flush, encoded; null when there are none. */
  private ByteBuf batch;

  /**
   * The promise of the first batched frame whose promise is not void; null when there is none. One
   * promise per batch is the usual case (a message written and flushed), so it needs no list.
   */
  private ChannelPromise batchPromise;

  /** The promises not void after {@link #batchPromise}; null when there are none. */
  private List<ChannelPromise> morePromises;

  /** The next batch's capacity: the last batch's size, so a steady stream needs one buffer. */
  private int batchCapacity = MIN_BATCH;

  /**
   * The bytes the current read has brought so far, up to {@link #EARLY_FLUSH_MIN_READ}; 0 between a
   * read-complete event and a read.
   */
  private int bytesRead;

  /** The encoded bytes written during a large read since the last flush. */
  private long answeredBytes;

  /** The value of {@link #answeredBytes} at which a write flushes. */
  private int earlyFlushAt = FIRST_EARLY_FLUSH;

  /** An encoder for a client: every frame masked with a key from {@code maskKeys}. */
  public FrameEncoder(MaskKeySource maskKeys) {
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
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof Frame)) {
      writeBatch(ctx);
      ctx.write(msg, promise);
      return;
    }
    Frame frame = (Frame) msg;
    try {
      int size = writer.encodedLength(frame);
      // Unmasked payloads past the copy threshold go by reference, never through the batch.
      boolean batchable =
          writer.masks() ? size <= MAX_BATCHED_FRAME : frame.length() <= FrameWriter.COPY_THRESHOLD;
      if (batchable) {
        addToBatch(ctx, frame, size, promise);
      } else {
        writeBatch(ctx);
        writeAlone(ctx, frame, promise);
      }
      if (bytesRead >= EARLY_FLUSH_MIN_READ) {
        answeredBytes += size;
        if (answeredBytes >= earlyFlushAt) {
          int next = (int) Math.min(MAX_BATCH, answeredBytes * 2);
          flush(ctx);
          earlyFlushAt = next;
        }
      }
    } catch (RuntimeException e) {
      promise.tryFailure(e instanceof EncoderException ? e : new EncoderException(e));
    } finally {
      // A frame released before it was written has failed above; it is not released twice.
      if (frame.refCnt() > 0) {
        frame.release();
      }
    }
  }

  private void addToBatch(
      ChannelHandlerContext ctx, Frame frame, int size, ChannelPromise promise) {
    if (batch != null && batch.writableBytes() < size) {
      writeBatch(ctx);
    }
    if (batch == null) {
      batch = ctx.alloc().directBuffer(Math.max(size, batchCapacity));
    }
    int mark = batch.writerIndex();
    try {
      writer.encodeInto(frame, batch);
    } catch (RuntimeException e) {
      // Take back a header written without its payload: the batch's other frames still go out.
      batch.writerIndex(mark);
      throw e;
    }
    if (!promise.isVoid()) {
      if (batchPromise == null) {
        batchPromise = promise;
      } else {
        if (morePromises == null) {
          morePromises = new ArrayList<>(4);
        }
        morePromises.add(promise);
      }
    }
  }

  /** A frame too large for the batch: masked into a buffer of its own, or sent by reference. */
  private void writeAlone(ChannelHandlerContext ctx, Frame frame, ChannelPromise promise) {
    if (writer.masks()) {
      ctx.write(writer.encode(frame, ctx.alloc()), promise);
    } else {
      ctx.write(writer.encodeHeader(frame, ctx.alloc()), ctx.voidPromise());
      ctx.write(frame.payload().retain(), promise);
    }
  }

  /** Sends the batch on down the pipeline, unflushed. */
  private void writeBatch(ChannelHandlerContext ctx) {
    ByteBuf buf = batch;
    if (buf == null) {
      return;
    }
    batch = null;
    batchCapacity = Math.min(MAX_BATCH, Math.max(MIN_BATCH, buf.readableBytes()));
    ChannelPromise first = batchPromise;
    List<ChannelPromise> more = morePromises;
    batchPromise = null;
    morePromises = null;
    if (first == null) {
      ctx.write(buf, ctx.voidPromise());
    } else if (more == null) {
      ctx.write(buf, first);
    } else {
      ctx.write(buf)
          .addListener(
              future -> {
                complete(first, future);
                for (ChannelPromise p : more) {
                  complete(p, future);
                }
              });
    }
  }

  private static void complete(ChannelPromise promise, Future<?> written) {
    if (written.isSuccess()) {
      promise.trySuccess();
    } else {
      promise.tryFailure(written.cause());
    }
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    answeredBytes = 0;
    earlyFlushAt = FIRST_EARLY_FLUSH;
    writeBatch(ctx);
    ctx.flush();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf) {
      // Capped at the mark: all that matters is whether the read reached it.
      long sum = (long) bytesRead + ((ByteBuf) msg).readableBytes();
      bytesRead = (int) Math.min(EARLY_FLUSH_MIN_READ, sum);
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    bytesRead = 0;
    ctx.fireChannelReadComplete();
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    // The batch meets the fate of any unflushed write: the channel fails it on close.
    writeBatch(ctx);
    ctx.close(promise);
  }

  @Override
  public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
    writeBatch(ctx);
    ctx.disconnect(promise);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    // Removed with frames written but not flushed: hand them to the handlers before this one.
    writeBatch(ctx);
  }
}
