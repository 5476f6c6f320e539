package dev.websocket.codec;

import io.netty.buffer.ByteBuf;

/**
 * The XOR masking of RFC 6455 section 5.3, a machine word at a time.
 *
 * <p>A mask key is held as a big-endian int: the first key byte is the most significant. Byte
 * {@code i} of a payload is XORed with key byte {@code i % 4}; to start in the middle of a
 * payload, rotate the key by the phase ({@link #rotate}).
 */
public final class Masking {

  private Masking() {}

  /** The key as it applies from payload offset {@code offset} onwards. */
  public static int rotate(int mask, long offset) {
    return Integer.rotateLeft(mask, 8 * (int) (offset & 3));
  }

  /**
   * Appends {@code length} bytes of {@code src} from {@code srcIndex} to {@code dst}, XORed with
   * {@code mask}: the copy into the outgoing buffer and the masking are one pass. Neither buffer's
   * reader index moves; {@code dst}'s writer index advances by {@code length}.
   */
  public static void maskCopy(ByteBuf src, int srcIndex, int length, ByteBuf dst, int mask) {
    dst.ensureWritable(length);
    long wideMask = widen(mask);
    int i = srcIndex;
    int end = srcIndex + length;
    int wordEnd = end - 7;
    int out = dst.writerIndex();
    for (; i < wordEnd; i += 8, out += 8) {
      dst.setLong(out, src.getLong(i) ^ wideMask);
    }
    int tailMask = mask;
    for (; i < end; i++, out++) {
      dst.setByte(out, src.getByte(i) ^ (tailMask >>> 24));
      tailMask = Integer.rotateLeft(tailMask, 8);
    }
    dst.writerIndex(out);
  }

  /** XORs {@code length} bytes of {@code buf} from {@code index} in place (unmasking is masking). */
  public static void maskInPlace(ByteBuf buf, int index, int length, int mask) {
    long wideMask = widen(mask);
    int i = index;
    int end = index + length;
    int wordEnd = end - 7;
    for (; i < wordEnd; i += 8) {
      buf.setLong(i, buf.getLong(i) ^ wideMask);
    }
    int tailMask = mask;
    for (; i < end; i++) {
      buf.setByte(i, buf.getByte(i) ^ (tailMask >>> 24));
      tailMask = Integer.rotateLeft(tailMask, 8);
    }
  }

  private static long widen(int mask) {
    return ((long) mask << 32) | (mask & 0xFFFFFFFFL);
  }
}
