package dev.websocket.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.internal.PlatformDependent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;

/**
 * The XOR masking of RFC 6455 section 5.3, a machine word at a time.
 *
 * <p>A mask key is held as a big-endian int: the first key byte is the most significant. Byte
 * {@code i} of a payload is XORed with key byte {@code i % 4}; to start in the middle of a payload,
 * rotate the key by the phase ({@link #rotate}).
 *
 * <p>Heap and direct buffers are read and written as native-order words straight from their backing
 * array or memory, with the bounds checked once per call rather than once per word; on arrays the
 * JIT turns that loop into vector instructions. Any other buffer (composite, read-only, no {@code
 * Unsafe}) goes through the {@link ByteBuf} accessors.
 */
final class Masking {

  /** Native-order longs over a byte array: the loop over them is one the JIT vectorizes. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private static final boolean BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

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
    checkRange(src, srcIndex, length);
    dst.ensureWritable(length);
    int out = dst.writerIndex();
    mask(src, srcIndex, dst, out, length, mask);
    dst.writerIndex(out + length);
  }

  /**
   * XORs {@code length} bytes of {@code buf} from {@code index} in place (unmasking is masking).
   */
  public static void maskInPlace(ByteBuf buf, int index, int length, int mask) {
    checkRange(buf, index, length);
    if (buf.isReadOnly()) {
      // A read-only view may still expose its memory address: refuse before writing through it.
      throw new ReadOnlyBufferException();
    }
    mask(buf, index, buf, index, length, mask);
  }

  /** Both ranges already checked; {@code src} and {@code dst} may be one buffer at one index. */
  private static void mask(
      ByteBuf src, int srcIndex, ByteBuf dst, int dstIndex, int length, int mask) {
    if (src.hasArray() && dst.hasArray()) {
      maskArrays(
          src.array(),
          src.arrayOffset() + srcIndex,
          dst.array(),
          dst.arrayOffset() + dstIndex,
          length,
          mask);
    } else if (PlatformDependent.hasUnsafe() && dst.hasMemoryAddress()) {
      if (src.hasMemoryAddress()) {
        maskMemory(src.memoryAddress() + srcIndex, dst.memoryAddress() + dstIndex, length, mask);
      } else if (src.hasArray()) {
        // A heap payload into a direct outgoing buffer: the frame writer's usual case.
        maskArrayToMemory(
            src.array(),
            src.arrayOffset() + srcIndex,
            dst.memoryAddress() + dstIndex,
            length,
            mask);
      } else {
        maskBuffers(src, srcIndex, dst, dstIndex, length, mask);
      }
    } else {
      maskBuffers(src, srcIndex, dst, dstIndex, length, mask);
    }
  }

  private static void maskArrays(byte[] src, int from, byte[] dst, int to, int length, int mask) {
    long wideMask = nativeWideMask(mask);
    int words = length & ~7;
    for (int i = 0; i < words; i += 8) {
      LONGS.set(dst, to + i, (long) LONGS.get(src, from + i) ^ wideMask);
    }
    for (int i = words; i < length; i++) {
      dst[to + i] = (byte) (src[from + i] ^ keyByte(mask, i));
    }
  }

  private static void maskMemory(long src, long dst, int length, int mask) {
    long wideMask = nativeWideMask(mask);
    int words = length & ~7;
    for (int i = 0; i < words; i += 8) {
      PlatformDependent.putLong(dst + i, PlatformDependent.getLong(src + i) ^ wideMask);
    }
    for (int i = words; i < length; i++) {
      PlatformDependent.putByte(
          dst + i, (byte) (PlatformDependent.getByte(src + i) ^ keyByte(mask, i)));
    }
  }

  private static void maskArrayToMemory(byte[] src, int from, long dst, int length, int mask) {
    long wideMask = nativeWideMask(mask);
    int words = length & ~7;
    for (int i = 0; i < words; i += 8) {
      PlatformDependent.putLong(dst + i, (long) LONGS.get(src, from + i) ^ wideMask);
    }
    for (int i = words; i < length; i++) {
      PlatformDependent.putByte(dst + i, (byte) (src[from + i] ^ keyByte(mask, i)));
    }
  }

  /** Any buffers, through the big-endian accessors. */
  private static void maskBuffers(
      ByteBuf src, int from, ByteBuf dst, int to, int length, int mask) {
    long wideMask = widen(mask);
    int words = length & ~7;
    for (int i = 0; i < words; i += 8) {
      dst.setLong(to + i, src.getLong(from + i) ^ wideMask);
    }
    for (int i = words; i < length; i++) {
      dst.setByte(to + i, src.getByte(from + i) ^ keyByte(mask, i));
    }
  }

  /** The key byte for payload offset {@code i} (relative to where {@code mask} applies). */
  private static int keyByte(int mask, int i) {
    return mask >>> (24 - ((i & 3) << 3));
  }

  private static long widen(int mask) {
    return ((long) mask << 32) | (mask & 0xFFFFFFFFL);
  }

  /** The key repeated over a word whose bytes lie in memory order on this machine. */
  private static long nativeWideMask(int mask) {
    long wide = widen(mask);
    return BIG_ENDIAN ? wide : Long.reverseBytes(wide);
  }

  /**
   * The word loops skip the per-access checks of {@link ByteBuf}, so make them once: the buffer is
   * live and the range lies within its capacity.
   */
  private static void checkRange(ByteBuf buf, int index, int length) {
    if (buf.refCnt() == 0) {
      throw new IllegalReferenceCountException(0);
    }
    if ((index | length) < 0 || index > buf.capacity() - length) {
      throw new IndexOutOfBoundsException(
          "index: " + index + ", length: " + length + " (capacity: " + buf.capacity() + ')');
    }
  }
}
