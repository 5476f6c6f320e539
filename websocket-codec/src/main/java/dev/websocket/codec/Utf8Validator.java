package dev.websocket.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * An incremental UTF-8 validator: feed it a text message piece by piece (across frame and read
 * boundaries) and it reports the first byte that cannot belong to valid UTF-8, as soon as that byte
 * is seen.
 *
 * <p>It is a deterministic automaton over byte classes, in the well-known shape Bjoern Hoehrmann
 * described: nine states (accept, reject, and seven "inside a sequence" states) and twelve byte
 * classes. The classes and transitions rule out everything RFC 3629 forbids: overlong forms (C0,
 * C1, E0 80-9F, F0 80-8F), surrogates (ED A0-BF), code points above U+10FFFF (F4 90-BF, F5-FF) and
 * stray continuation bytes.
 *
 * <p>For speed the automaton runs in the shift-based form Per Vognsen described: a state is a bit
 * offset, and each byte's row packs the next state for every current state into one long, so a step
 * is one shift with no branch and no dependent table load. Eight bytes are stepped at a time and
 * the reject state (which absorbs) is tested once per eight; only then is the block re-run to find
 * the exact bad byte. In the accept state, runs of ASCII are skipped 32 bytes at a time.
 *
 * <p>Not thread safe: one instance per message stream.
 */
public final class Utf8Validator {

  /** Returned by {@link #feed} when every byte so far could start or continue valid UTF-8. */
  public static final int VALID = -1;

  private static final int ACCEPT = 0;
  private static final int REJECT = 1;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /** Byte → class. */
  private static final byte[] CLASSES = new byte[256];

  /** (state * 16 + class) → next state. */
  private static final byte[] TRANSITIONS = {
    // class: 0  1  2  3  4  5  6  7  8  9 10 11
    /* s0 accept        */ 0,
    1,
    2,
    3,
    5,
    8,
    7,
    1,
    1,
    1,
    4,
    6,
    1,
    1,
    1,
    1,
    /* s1 reject        */ 1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    /* s2 1 more        */ 1,
    0,
    1,
    1,
    1,
    1,
    1,
    0,
    1,
    0,
    1,
    1,
    1,
    1,
    1,
    1,
    /* s3 2 more        */ 1,
    2,
    1,
    1,
    1,
    1,
    1,
    2,
    1,
    2,
    1,
    1,
    1,
    1,
    1,
    1,
    /* s4 after E0      */ 1,
    1,
    1,
    1,
    1,
    1,
    1,
    2,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    /* s5 after ED      */ 1,
    2,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    2,
    1,
    1,
    1,
    1,
    1,
    1,
    /* s6 after F0      */ 1,
    1,
    1,
    1,
    1,
    1,
    1,
    3,
    1,
    3,
    1,
    1,
    1,
    1,
    1,
    1,
    /* s7 after F1-F3   */ 1,
    3,
    1,
    1,
    1,
    1,
    1,
    3,
    1,
    3,
    1,
    1,
    1,
    1,
    1,
    1,
    /* s8 after F4      */ 1,
    3,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
  };

  /** Bits per state in a shift row: nine states at six bits each fill 54 of a long's 64. */
  private static final int STATE_BITS = 6;

  private static final int STATE_COUNT = 9;
  private static final long STATE_MASK = (1L << STATE_BITS) - 1;

  /** The shift forms of {@link #ACCEPT} and {@link #REJECT}: a state's bit offset in a row. */
  private static final int ACCEPT_SHIFT = ACCEPT * STATE_BITS;

  private static final int REJECT_SHIFT = REJECT * STATE_BITS;

  /**
   * Byte → row: bits {@code [6s, 6s + 6)} hold the shift of the next state from state {@code s}, so
   * {@code next = (ROWS[b] >>> state) & 63}. Derived from {@link #TRANSITIONS}.
   */
  private static final long[] ROWS = new long[256];

  /**
   * Little-endian words over a byte array, so byte {@code k} of a word is bits {@code 8k..8k+7}.
   */
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Shorter pieces of a non-array buffer are stepped through its accessors, not copied out. */
  private static final int MIN_COPY = 32;

  /** Bytes copied out of a non-array buffer at a time: enough to amortize the copy, L1-sized. */
  private static final int SCRATCH_BYTES = 1024;

  static {
    classify(0x00, 0x7F, 0); // ASCII
    classify(0x80, 0x8F, 1); // continuation, low
    classify(0x90, 0x9F, 9); // continuation, middle
    classify(0xA0, 0xBF, 7); // continuation, high
    classify(0xC0, 0xC1, 8); // overlong two-byte lead: never valid
    classify(0xC2, 0xDF, 2); // two-byte lead
    classify(0xE0, 0xE0, 10); // three-byte lead, second byte A0-BF
    classify(0xE1, 0xEC, 3); // three-byte lead
    classify(0xED, 0xED, 4); // three-byte lead, second byte 80-9F (no surrogates)
    classify(0xEE, 0xEF, 3); // three-byte lead
    classify(0xF0, 0xF0, 11); // four-byte lead, second byte 90-BF
    classify(0xF1, 0xF3, 6); // four-byte lead
    classify(0xF4, 0xF4, 5); // four-byte lead, second byte 80-8F (up to U+10FFFF)
    classify(0xF5, 0xFF, 8); // beyond U+10FFFF: never valid
    for (int b = 0; b < 256; b++) {
      long row = 0;
      for (int s = 0; s < STATE_COUNT; s++) {
        long next = TRANSITIONS[(s << 4) + CLASSES[b]] * STATE_BITS;
        row |= next << (s * STATE_BITS);
      }
      ROWS[b] = row;
    }
  }

  private static void classify(int from, int to, int byteClass) {
    for (int b = from; b <= to; b++) {
      CLASSES[b] = (byte) byteClass;
    }
  }

  /** The current state as its shift ({@code state index * 6}). */
  /** A validator at the start of a message. */
  public Utf8Validator() {}

  private int state = ACCEPT_SHIFT;

  /** Where bytes of a buffer without an array are copied to be checked; made on first use. */
  private byte[] scratch;

  /**
   * Feeds bytes {@code [from, to)} of {@code buf} without moving its indices.
   *
   * @return the index in {@code buf} of the first invalid byte, or {@link #VALID}. Once a byte has
   *     been rejected the validator stays failed and reports {@code from} for any later input.
   */
  public int feed(ByteBuf buf, int from, int to) {
    if (state == REJECT_SHIFT) {
      return from;
    }
    if (from >= to) {
      return VALID;
    }
    checkRange(buf, from, to);
    if (buf.hasArray()) {
      int offset = buf.arrayOffset();
      int bad = feedArray(buf.array(), offset + from, offset + to);
      return bad == VALID ? VALID : bad - offset;
    }
    if (to - from < MIN_COPY) {
      return feedBytes(buf, from, to);
    }
    // Direct or composite memory: check it in array-sized pieces, which keeps one fast loop.
    if (scratch == null) {
      scratch = new byte[SCRATCH_BYTES];
    }
    for (int i = from; i < to; i += SCRATCH_BYTES) {
      int n = Math.min(SCRATCH_BYTES, to - i);
      buf.getBytes(i, scratch, 0, n);
      int bad = feedArray(scratch, 0, n);
      if (bad != VALID) {
        return i + bad;
      }
    }
    return VALID;
  }

  /**
   * Feeds a byte array slice; see {@link #feed(ByteBuf, int, int)}.
   *
   * @return the index in {@code bytes} of the first invalid byte, or {@link #VALID}
   */
  public int feed(byte[] bytes, int from, int to) {
    if (state == REJECT_SHIFT) {
      return from;
    }
    if (from >= to) {
      return VALID;
    }
    Objects.checkFromToIndex(from, to, bytes.length);
    return feedArray(bytes, from, to);
  }

  private int feedArray(byte[] bytes, int from, int to) {
    long s = state;
    int i = from;
    while (i <= to - Long.BYTES) {
      long w = (long) WORDS.get(bytes, i);
      if (s == ACCEPT_SHIFT && (w & HIGH_BITS) == 0) {
        i = skipAscii(bytes, i + Long.BYTES, to);
        continue;
      }
      // Eight steps, unrolled; only the low six bits of a state count, and >>> ignores the rest.
      long t = ROWS[(int) w & 0xFF] >>> s;
      t = ROWS[(int) (w >>> 8) & 0xFF] >>> t;
      t = ROWS[(int) (w >>> 16) & 0xFF] >>> t;
      t = ROWS[(int) (w >>> 24) & 0xFF] >>> t;
      t = ROWS[(int) (w >>> 32) & 0xFF] >>> t;
      t = ROWS[(int) (w >>> 40) & 0xFF] >>> t;
      t = ROWS[(int) (w >>> 48) & 0xFF] >>> t;
      t = ROWS[(int) (w >>> 56)] >>> t;
      if ((t & STATE_MASK) == REJECT_SHIFT) {
        break; // the byte-at-a-time loop below finds which byte it was
      }
      s = t & STATE_MASK;
      i += Long.BYTES;
    }
    for (; i < to; i++) {
      s = (ROWS[bytes[i] & 0xFF] >>> s) & STATE_MASK;
      if (s == REJECT_SHIFT) {
        state = REJECT_SHIFT;
        return i;
      }
    }
    state = (int) s;
    return VALID;
  }

  /** One step at a time through the buffer's accessors: for short pieces of non-array buffers. */
  private int feedBytes(ByteBuf buf, int from, int to) {
    long s = state;
    for (int i = from; i < to; i++) {
      s = (ROWS[buf.getByte(i) & 0xFF] >>> s) & STATE_MASK;
      if (s == REJECT_SHIFT) {
        state = REJECT_SHIFT;
        return i;
      }
    }
    state = (int) s;
    return VALID;
  }

  /** Skips ASCII from {@code i}, 32 and then 8 bytes at a time; stops short of any other byte. */
  private static int skipAscii(byte[] a, int i, int to) {
    while (i <= to - 4 * Long.BYTES
        && ((word(a, i) | word(a, i + 8) | word(a, i + 16) | word(a, i + 24)) & HIGH_BITS) == 0) {
      i += 4 * Long.BYTES;
    }
    while (i <= to - Long.BYTES && (word(a, i) & HIGH_BITS) == 0) {
      i += Long.BYTES;
    }
    return i;
  }

  private static long word(byte[] a, int i) {
    return (long) WORDS.get(a, i);
  }

  /**
   * The array and copy paths skip the buffer's own checks, so make them once: the buffer is live
   * and the range lies within it.
   */
  private static void checkRange(ByteBuf buf, int from, int to) {
    if (buf.refCnt() == 0) {
      throw new IllegalReferenceCountException(0);
    }
    if (from < 0 || to > buf.capacity()) {
      throw new IndexOutOfBoundsException(
          "from: " + from + ", to: " + to + " (capacity: " + buf.capacity() + ')');
    }
  }

  /** True when the bytes fed so far end on a character boundary: a message may end here. */
  public boolean isComplete() {
    return state == ACCEPT_SHIFT;
  }

  /**
   * Checks that a text message may end here: the one home of that rule and of its wording.
   *
   * @throws ProtocolViolationException (1007) when the bytes fed so far end inside a sequence
   */
  public void requireComplete() {
    if (!isComplete()) {
      throw ProtocolViolationException.invalidPayload("Text message ends inside a UTF-8 sequence");
    }
  }

  /** True once an invalid byte has been fed. */
  public boolean hasFailed() {
    return state == REJECT_SHIFT;
  }

  /** Forgets everything fed so far, for the next message. */
  public void reset() {
    state = ACCEPT_SHIFT;
  }

  /** Whether the readable bytes of {@code buf} are complete, valid UTF-8. */
  public static boolean isValid(ByteBuf buf) {
    Utf8Validator validator = new Utf8Validator();
    return validator.feed(buf, buf.readerIndex(), buf.writerIndex()) == VALID
        && validator.isComplete();
  }

  /** Whether {@code bytes} are complete, valid UTF-8. */
  public static boolean isValid(byte[] bytes) {
    Utf8Validator validator = new Utf8Validator();
    return validator.feed(bytes, 0, bytes.length) == VALID && validator.isComplete();
  }
}
