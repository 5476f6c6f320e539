package dev.websocket.codec;

import io.netty.buffer.ByteBuf;

/**
 * An incremental UTF-8 validator: feed it a text message piece by piece (across frame and read
 * boundaries) and it reports the first byte that cannot belong to valid UTF-8, as soon as that
 * byte is seen.
 *
 * <p>It is a deterministic automaton over byte classes, in the well-known shape Bjoern Hoehrmann
 * described: nine states (accept, reject, and seven "inside a sequence" states) and twelve byte
 * classes. The classes and transitions rule out everything RFC 3629 forbids: overlong forms
 * (C0, C1, E0 80-9F, F0 80-8F), surrogates (ED A0-BF), code points above U+10FFFF (F4 90-BF,
 * F5-FF) and stray continuation bytes. While in the accept state, runs of ASCII are skipped eight
 * bytes at a time.
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
    /* s0 accept        */ 0, 1, 2, 3, 5, 8, 7, 1, 1, 1, 4, 6, 1, 1, 1, 1,
    /* s1 reject        */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    /* s2 1 more        */ 1, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1,
    /* s3 2 more        */ 1, 2, 1, 1, 1, 1, 1, 2, 1, 2, 1, 1, 1, 1, 1, 1,
    /* s4 after E0      */ 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1,
    /* s5 after ED      */ 1, 2, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1,
    /* s6 after F0      */ 1, 1, 1, 1, 1, 1, 1, 3, 1, 3, 1, 1, 1, 1, 1, 1,
    /* s7 after F1-F3   */ 1, 3, 1, 1, 1, 1, 1, 3, 1, 3, 1, 1, 1, 1, 1, 1,
    /* s8 after F4      */ 1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  };

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
  }

  private static void classify(int from, int to, int byteClass) {
    for (int b = from; b <= to; b++) {
      CLASSES[b] = (byte) byteClass;
    }
  }

  private int state = ACCEPT;

  /**
   * Feeds bytes {@code [from, to)} of {@code buf} without moving its indices.
   *
   * @return the index in {@code buf} of the first invalid byte, or {@link #VALID}. Once a byte has
   *     been rejected the validator stays failed and reports {@code from} for any later input.
   */
  public int feed(ByteBuf buf, int from, int to) {
    int s = state;
    if (s == REJECT) {
      return from;
    }
    int i = from;
    while (i < to) {
      if (s == ACCEPT) {
        // The common case: skip whole words of ASCII.
        while (i + Long.BYTES <= to && (buf.getLong(i) & HIGH_BITS) == 0) {
          i += Long.BYTES;
        }
        if (i == to) {
          break;
        }
      }
      s = TRANSITIONS[(s << 4) + CLASSES[buf.getByte(i) & 0xFF]];
      if (s == REJECT) {
        state = REJECT;
        return i;
      }
      i++;
    }
    state = s;
    return VALID;
  }

  /**
   * Feeds a byte array slice; see {@link #feed(ByteBuf, int, int)}.
   *
   * @return the index in {@code bytes} of the first invalid byte, or {@link #VALID}
   */
  public int feed(byte[] bytes, int from, int to) {
    int s = state;
    if (s == REJECT) {
      return from;
    }
    for (int i = from; i < to; i++) {
      s = TRANSITIONS[(s << 4) + CLASSES[bytes[i] & 0xFF]];
      if (s == REJECT) {
        state = REJECT;
        return i;
      }
    }
    state = s;
    return VALID;
  }

  /** True when the bytes fed so far end on a character boundary: a message may end here. */
  public boolean isComplete() {
    return state == ACCEPT;
  }

  /** True once an invalid byte has been fed. */
  public boolean hasFailed() {
    return state == REJECT;
  }

  /** Forgets everything fed so far, for the next message. */
  public void reset() {
    state = ACCEPT;
  }

  /** Whether the readable bytes of {@code buf} are complete, valid UTF-8. */
  public static boolean isValid(ByteBuf buf) {
    Utf8Validator validator = new Utf8Validator();
    return validator.feed(buf, buf.readerIndex(), buf.writerIndex()) == VALID && validator.isComplete();
  }

  /** Whether {@code bytes} are complete, valid UTF-8. */
  public static boolean isValid(byte[] bytes) {
    Utf8Validator validator = new Utf8Validator();
    return validator.feed(bytes, 0, bytes.length) == VALID && validator.isComplete();
  }
}
