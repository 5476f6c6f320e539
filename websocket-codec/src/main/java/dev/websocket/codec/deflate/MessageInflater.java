package dev.websocket.codec.deflate;

import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.ProtocolViolationException;
import dev.websocket.codec.Utf8Validator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses the payloads of incoming compressed messages (RFC 7692 section 7.2.2), frame by
 * frame: the frames' payloads are one raw DEFLATE stream, to which {@code 00 00 ff ff} is appended
 * after the final frame.
 *
 * <h2>Limits</h2>
 *
 * The inflated size of a message is bounded by {@code maxMessageBytes}: zlib is never given more
 * than {@value #INFLATE_CHUNK_BYTES} bytes of output space at a time, nor more than one byte past
 * the limit, and the message fails with {@link CloseStatus#MESSAGE_TOO_BIG} as soon as it is
 * crossed. A small frame that would inflate to gigabytes therefore costs at most the limit plus one
 * byte of memory and stops early. The frame parser leaves both the size limit and UTF-8 validation
 * of compressed messages to this class, since only the inflated bytes can be judged.
 *
 * <h2>Windows and context takeover</h2>
 *
 * {@link Inflater} decodes every window size from 8 to 15 bits, so {@code server_max_window_bits}
 * needs nothing here. With {@code server_no_context_takeover} the inflater is reset after every
 * message; otherwise the window carries over to the next compressed message (RFC 7692 section
 * 7.2.3.2). A DEFLATE block with BFINAL set ends the sender's stream (RFC 7692 section 7.2.3.4):
 * whatever follows in the message is read as a new stream, and the next message starts afresh.
 *
 * <h2>Errors</h2>
 *
 * Corrupt data fails with {@link CloseStatus#INVALID_PAYLOAD} and the {@link DataFormatException}
 * as the cause; a compressed TEXT message that is not UTF-8 fails with the same code at the first
 * bad byte (when validation is on). After an exception the inflater accepts nothing more.
 *
 * <p>The native zlib memory is taken on first use and given back by {@link #close()}, which the
 * owner must call when the connection ends. Not thread safe: one instance per connection.
 */
public final class MessageInflater implements AutoCloseable {

  /**
   * Output space given to zlib per call, in bytes: big enough that a large message takes few calls,
   * small enough that a bomb is caught within one step of the limit.
   */
  public static final int INFLATE_CHUNK_BYTES = 16 * 1024;

  /** First output capacity for a frame: covers most chat and JSON messages without growing. */
  private static final int INITIAL_OUTPUT_BYTES = 256;

  /**
   * A first guess at a frame's inflated size, as a multiple of its compressed size: text typically
   * shrinks three to five times.
   */
  private static final int EXPECTED_RATIO = 4;

  /** Handed to zlib after each frame so it keeps no reference to the caller's buffer. */
  private static final byte[] NO_INPUT = new byte[0];

  private final boolean resetAfterMessage;
  private final long maxMessageBytes;
  private final boolean validateUtf8;
  private final Utf8Validator utf8 = new Utf8Validator();
  private final ByteBuffer tail =
      ByteBuffer.wrap(MessageDeflater.EMPTY_BLOCK_TAIL).asReadOnlyBuffer();
  private Inflater inflater;
  private boolean inMessage;
  private boolean text;
  private boolean streamEnded;
  private long messageLength;
  private boolean failed;
  private boolean closed;

  /**
   * An inflater for the server's side of {@code parameters}.
   *
   * @param maxMessageBytes the largest inflated message accepted, at least 0
   * @param validateUtf8 whether inflated TEXT messages are checked for UTF-8
   */
  public MessageInflater(DeflateParameters parameters, long maxMessageBytes, boolean validateUtf8) {
    if (maxMessageBytes < 0) {
      throw new IllegalArgumentException(
          "maxMessageBytes must not be negative: " + maxMessageBytes);
    }
    this.resetAfterMessage = parameters.serverNoContextTakeover();
    this.maxMessageBytes = maxMessageBytes;
    this.validateUtf8 = validateUtf8;
  }

  /**
   * Begins a compressed message: the first frame of a TEXT or BINARY message with RSV1 set.
   *
   * @throws IllegalStateException if a message is already in progress, after a failure or after
   *     {@link #close()}
   * @throws IllegalArgumentException for an opcode other than TEXT or BINARY
   */
  public void startMessage(Opcode opcode) {
    checkUsable();
    if (inMessage) {
      throw new IllegalStateException("A compressed message is already in progress");
    }
    if (!opcode.startsMessage()) {
      throw new IllegalArgumentException("Only TEXT and BINARY messages are compressed: " + opcode);
    }
    inMessage = true;
    text = opcode == Opcode.TEXT;
    streamEnded = false;
    messageLength = 0;
    utf8.reset();
  }

  /**
   * Inflates the payload of one frame of the current message.
   *
   * @param payload the frame's compressed payload; its readable bytes are read, its indices are
   *     left as they are, and it stays owned by the caller
   * @param finalFrame whether the frame has FIN set; the message ends with it
   * @return the inflated bytes of this frame (possibly none), owned by the caller
   * @throws ProtocolViolationException {@link CloseStatus#MESSAGE_TOO_BIG} past the limit, {@link
   *     CloseStatus#INVALID_PAYLOAD} for corrupt data or bad UTF-8
   * @throws IllegalStateException without {@link #startMessage}, after a failure or after {@link
   *     #close()}
   */
  public ByteBuf inflate(ByteBuf payload, boolean finalFrame, ByteBufAllocator alloc) {
    checkUsable();
    if (!inMessage) {
      throw new IllegalStateException("No compressed message in progress");
    }
    Inflater z = inflater();
    int length = payload.readableBytes();
    int maxCapacity = (int) Math.min(Integer.MAX_VALUE, outputAllowance());
    int initial =
        (int)
            Math.min(
                maxCapacity,
                Math.max(
                    INITIAL_OUTPUT_BYTES,
                    Math.min((long) length * EXPECTED_RATIO, INFLATE_CHUNK_BYTES)));
    ByteBuf out = alloc.buffer(initial, maxCapacity);
    boolean done = false;
    try {
      if (length > 0) {
        for (ByteBuffer in : payload.nioBuffers(payload.readerIndex(), length)) {
          inflateAll(z, in, out);
        }
      }
      if (finalFrame) {
        inflateAll(z, tail.duplicate(), out); // RFC 7692 section 7.2.2.
        endMessage(z);
      }
      done = true;
      return out;
    } catch (DataFormatException e) {
      throw new ProtocolViolationException(
          CloseStatus.INVALID_PAYLOAD, "Invalid compressed data: " + e.getMessage(), e);
    } finally {
      z.setInput(NO_INPUT);
      if (!done) {
        out.release();
        failed = true;
        inMessage = false;
      }
    }
  }

  /** Inflates all of {@code in} into {@code out}, checking the limit and UTF-8 after each step. */
  private void inflateAll(Inflater z, ByteBuffer in, ByteBuf out) throws DataFormatException {
    z.setInput(in);
    while (true) {
      if (!out.isWritable()) {
        if (out.maxWritableBytes() == 0) {
          // Only reachable when one frame inflates past the largest possible buffer.
          throw tooBig();
        }
        out.ensureWritable(1); // Grows by doubling, up to the buffer's max capacity.
      }
      int space =
          (int) Math.min(Math.min(out.writableBytes(), INFLATE_CHUNK_BYTES), outputAllowance());
      int start = out.writerIndex();
      int produced = z.inflate(out.nioBuffer(start, space));
      if (produced > 0) {
        out.writerIndex(start + produced);
        messageLength += produced;
        if (messageLength > maxMessageBytes) {
          throw tooBig();
        }
        if (text && validateUtf8) {
          int bad = utf8.feed(out, start, start + produced);
          if (bad != Utf8Validator.VALID) {
            long offset = messageLength - produced + (bad - start);
            throw new ProtocolViolationException(
                CloseStatus.INVALID_PAYLOAD, "Invalid UTF-8 in text message at byte " + offset);
          }
        }
      }
      if (z.finished()) {
        // BFINAL: the sender's stream ended. What is left (at least the appended tail) is read as
        // a new stream, which then also starts the next message.
        streamEnded = true;
        z.reset();
        if (!in.hasRemaining()) {
          return;
        }
        z.setInput(in);
      } else if (z.needsInput() && produced < space) {
        // All input read and zlib had room to spare, so it holds no output back: done. (With the
        // output space full, a match may be half copied: go round once more for the rest.)
        return;
      } else if (z.needsDictionary()) {
        throw new DataFormatException("a preset dictionary is required");
      } else if (produced == 0) {
        // With input and output space left, zlib always makes progress; guard against looping.
        throw new DataFormatException("no progress");
      }
    }
  }

  /**
   * How many more bytes zlib may produce for this message: up to the limit and one byte past it,
   * which is enough to tell that the limit was crossed.
   */
  private long outputAllowance() {
    long allowed = maxMessageBytes - messageLength; // At least 0: crossing the limit throws.
    return allowed == Long.MAX_VALUE ? allowed : allowed + 1;
  }

  private void endMessage(Inflater z) {
    if (text && validateUtf8) {
      utf8.requireComplete();
    }
    inMessage = false;
    if (resetAfterMessage || streamEnded) {
      z.reset();
    }
  }

  private ProtocolViolationException tooBig() {
    return new ProtocolViolationException(
        CloseStatus.MESSAGE_TOO_BIG,
        "Inflated message exceeds the limit of " + maxMessageBytes + " bytes");
  }

  /** Whether a compressed message has been started and its final frame not yet inflated. */
  public boolean isInMessage() {
    return inMessage;
  }

  /**
   * The inflated bytes of the current (or last) message so far. After a {@link
   * CloseStatus#MESSAGE_TOO_BIG} failure it is at most one byte past the limit: nothing further was
   * inflated.
   */
  public long messageLength() {
    return messageLength;
  }

  private void checkUsable() {
    if (closed) {
      throw new IllegalStateException("MessageInflater is closed");
    }
    if (failed) {
      throw new IllegalStateException("MessageInflater failed on an earlier frame");
    }
  }

  private Inflater inflater() {
    if (inflater == null) {
      // nowrap: raw DEFLATE, no zlib header or checksum (RFC 7692 section 7.2.2).
      inflater = new Inflater(true);
    }
    return inflater;
  }

  /** Frees the native zlib memory. Idempotent; the inflater cannot be used afterwards. */
  @Override
  public void close() {
    closed = true;
    inMessage = false;
    if (inflater != null) {
      inflater.end();
      inflater = null;
    }
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return closed;
  }

  /** Whether zlib's native state (its window and tables) is currently allocated. */
  boolean holdsNativeMemory() {
    return inflater != null;
  }
}
