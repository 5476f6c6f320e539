package dev.websocket.codec.deflate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * Compresses the payloads of outgoing messages (RFC 7692 section 7.2.1): raw DEFLATE, each message
 * ended with a sync flush whose trailing {@code 00 00 ff ff} is removed.
 *
 * <h2>Window sizes</h2>
 *
 * The JDK's {@link Deflater} always compresses with a 32 KiB window (15 bits). When the agreed
 * {@code client_max_window_bits} w is smaller, this class stays correct by construction instead:
 *
 * <ul>
 *   <li>every message starts from an empty window (as with {@code client_no_context_takeover}), and
 *   <li>only messages of at most 2^w bytes are compressed ({@link #canCompress(long)}); a back
 *       reference inside such a message can never reach further back than 2^w bytes.
 * </ul>
 *
 * Larger messages, and fragmented messages (whose length is unknown when the first fragment goes
 * out), are then sent uncompressed, which RFC 7692 section 6 allows for any message. With w = 15
 * every message can be compressed, and fragments share one stream (RFC 7692 section 7.2.1 applies
 * to the message as a whole).
 *
 * <h2>Context takeover</h2>
 *
 * With {@code client_no_context_takeover}, or with w &lt; 15, the deflater is reset before every
 * message. Otherwise the window carries over: uncompressed messages in between do not touch it.
 *
 * <p>The native zlib memory is taken on first use and given back by {@link #close()}, which the
 * owner must call when the connection ends. Not thread safe: one instance per connection.
 */
public final class MessageDeflater implements AutoCloseable {

  /**
   * The tail every sync flush ends with, an empty stored block's LEN and NLEN; removed from the end
   * of each message (RFC 7692 section 7.2.1) and appended again by the receiver (section 7.2.2).
   */
  static final byte[] EMPTY_BLOCK_TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};

  /**
   * The payload of a message that compresses to nothing: an empty stored block's header bits
   * (BFINAL=0, BTYPE=00) and padding, which the receiver completes with {@link #EMPTY_BLOCK_TAIL}
   * (RFC 7692 section 7.2.3.6).
   */
  static final int EMPTY_MESSAGE_PAYLOAD = 0x00;

  /** Output grows in steps of at least this many bytes: one call into zlib per 8 KiB out. */
  private static final int OUTPUT_STEP_BYTES = 8 * 1024;

  /** First output capacity for a small message: header, tables and a little data. */
  private static final int MIN_INITIAL_OUTPUT_BYTES = 64;

  /** Handed to zlib after each call so it keeps no reference to the caller's buffer. */
  private static final byte[] NO_INPUT = new byte[0];

  private final int level;
  private final int windowBits;
  private final boolean resetPerMessage;
  private Deflater deflater;
  private boolean inMessage;
  private boolean closed;

  /**
   * A deflater for the client's side of {@code parameters}.
   *
   * @param compressionLevel zlib level, 0 to 9
   */
  public MessageDeflater(DeflateParameters parameters, int compressionLevel) {
    if (compressionLevel < PerMessageDeflateConfig.MIN_COMPRESSION_LEVEL
        || compressionLevel > PerMessageDeflateConfig.MAX_COMPRESSION_LEVEL) {
      throw new IllegalArgumentException(
          "compressionLevel must be from 0 to 9: " + compressionLevel);
    }
    this.level = compressionLevel;
    this.windowBits = parameters.clientMaxWindowBits();
    this.resetPerMessage =
        parameters.clientNoContextTakeover() || windowBits < DeflateParameters.MAX_WINDOW_BITS;
  }

  /**
   * Whether a whole (unfragmented) message of {@code messageLength} bytes may be compressed: always
   * with a 15-bit window, otherwise only up to 2^w bytes (see the class comment).
   */
  public boolean canCompress(long messageLength) {
    return windowBits == DeflateParameters.MAX_WINDOW_BITS || messageLength <= (1L << windowBits);
  }

  /**
   * Whether a fragmented message may be compressed fragment by fragment: only with a 15-bit window,
   * since with a smaller one the message length must be known up front.
   */
  public boolean canCompressFragmented() {
    return windowBits == DeflateParameters.MAX_WINDOW_BITS;
  }

  /**
   * Compresses a whole message.
   *
   * @param message the payload; its readable bytes are read, its indices are left as they are, and
   *     it stays owned by the caller
   * @return the compressed payload, owned by the caller, never empty
   * @throws IllegalArgumentException if {@link #canCompress(long)} refuses the message's length
   * @throws IllegalStateException if a fragmented message is in progress, or after {@link #close()}
   */
  public ByteBuf compress(ByteBuf message, ByteBufAllocator alloc) {
    if (inMessage) {
      throw new IllegalStateException("A fragmented message is in progress");
    }
    if (!canCompress(message.readableBytes())) {
      throw new IllegalArgumentException(
          "A message of "
              + message.readableBytes()
              + " bytes may not be compressed with a "
              + windowBits
              + "-bit window");
    }
    return compressFragment(message, true, alloc);
  }

  /**
   * Compresses one fragment of a message; the first call after a final fragment starts a new
   * message. Each fragment is flushed (so it can be sent at once); only the final one loses its
   * tail.
   *
   * @param fragment read as in {@link #compress}; stays owned by the caller
   * @param finalFragment whether this fragment ends the message
   * @return the compressed fragment, owned by the caller; may be empty unless final
   * @throws IllegalStateException when a fragmented message is started while {@link
   *     #canCompressFragmented()} is false, or after {@link #close()}
   */
  public ByteBuf compressFragment(ByteBuf fragment, boolean finalFragment, ByteBufAllocator alloc) {
    Deflater z = deflater();
    if (!inMessage) {
      if (!finalFragment && !canCompressFragmented()) {
        throw new IllegalStateException(
            "A fragmented message may not be compressed with a " + windowBits + "-bit window");
      }
      if (resetPerMessage) {
        z.reset();
      }
      inMessage = true;
    }
    int length = fragment.readableBytes();
    ByteBuf out =
        alloc.buffer(Math.max(MIN_INITIAL_OUTPUT_BYTES, Math.min(length / 4, OUTPUT_STEP_BYTES)));
    try {
      if (length > 0) {
        for (ByteBuffer in : fragment.nioBuffers(fragment.readerIndex(), length)) {
          z.setInput(in);
          while (!z.needsInput()) {
            deflateInto(z, out, Deflater.NO_FLUSH);
          }
        }
      }
      // SYNC_FLUSH until zlib leaves output space unused: then everything is out.
      while (deflateInto(z, out, Deflater.SYNC_FLUSH)) {
        // More output pending.
      }
      if (finalFragment) {
        finishMessage(out);
      }
      return out;
    } catch (RuntimeException | Error e) {
      out.release();
      inMessage = false;
      throw e;
    } finally {
      z.setInput(NO_INPUT);
    }
  }

  /** RFC 7692 section 7.2.1: remove the sync flush tail; an empty result becomes one 0x00 byte. */
  private void finishMessage(ByteBuf out) {
    inMessage = false;
    int size = out.readableBytes();
    if (size == 0) {
      // zlib emits nothing for a flush right after a flush (an empty message with context
      // takeover, or an empty final fragment). The receiver will append 00 00 ff ff, which is only
      // a complete block after a block header: supply that header.
      out.writeByte(EMPTY_MESSAGE_PAYLOAD);
      return;
    }
    if (size < EMPTY_BLOCK_TAIL.length || !endsWithTail(out)) {
      throw new IllegalStateException("Sync flush did not end with 00 00 ff ff");
    }
    out.writerIndex(out.writerIndex() - EMPTY_BLOCK_TAIL.length);
  }

  private static boolean endsWithTail(ByteBuf out) {
    int start = out.writerIndex() - EMPTY_BLOCK_TAIL.length;
    for (int i = 0; i < EMPTY_BLOCK_TAIL.length; i++) {
      if (out.getByte(start + i) != EMPTY_BLOCK_TAIL[i]) {
        return false;
      }
    }
    return true;
  }

  /** One call into zlib; true if it filled all the output space it was given. */
  private static boolean deflateInto(Deflater z, ByteBuf out, int flush) {
    out.ensureWritable(OUTPUT_STEP_BYTES);
    int space = out.writableBytes();
    int written = z.deflate(out.nioBuffer(out.writerIndex(), space), flush);
    out.writerIndex(out.writerIndex() + written);
    return written == space;
  }

  private Deflater deflater() {
    if (closed) {
      throw new IllegalStateException("MessageDeflater is closed");
    }
    if (deflater == null) {
      // nowrap: raw DEFLATE, no zlib header or checksum (RFC 7692 section 7.2.1).
      deflater = new Deflater(level, true);
    }
    return deflater;
  }

  /** Frees the native zlib memory. Idempotent; the deflater cannot be used afterwards. */
  @Override
  public void close() {
    closed = true;
    inMessage = false;
    if (deflater != null) {
      deflater.end();
      deflater = null;
    }
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return closed;
  }

  /** Whether zlib's native state (about 260 KiB for a deflater) is currently allocated. */
  boolean holdsNativeMemory() {
    return deflater != null;
  }
}
