package dev.websocket.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Client-side masking (RFC 6455 section 5.3) fused with the copy into the outgoing buffer, set
 * against the two bounds that matter: {@code System.arraycopy} of the same size (a copy that does
 * no masking at all, the ceiling) and the textbook byte-at-a-time loop (the floor).
 *
 * <p>In the codec's package (on the class path) because {@code Masking} is package-private: the
 * codec's internals are measured where they live, without being made public for it.
 *
 * <p>The arraycopy and byte-array loop read plain arrays, so they do not vary with the buffer kind
 * and are run once per size.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MaskingBenchmark {

  /** An arbitrary key: every byte distinct and non-zero so no lane is a no-op. */
  static final int MASK = 0x37FA213D;

  static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new SplittableRandom(42).nextBytes(bytes);
    return bytes;
  }

  /** Source and destination as plain arrays. */
  @State(Scope.Thread)
  public static class PlainArrays {
    @Param({"64", "4096", "65536"})
    public int size;

    byte[] src;
    byte[] dst;
    byte[] key;

    @Setup
    public void setUp() {
      src = randomBytes(size);
      dst = new byte[size];
      key =
          new byte[] {(byte) (MASK >>> 24), (byte) (MASK >>> 16), (byte) (MASK >>> 8), (byte) MASK};
    }
  }

  /**
   * Source and destination as the frame writer sees them: the payload as the application handed it
   * over, the destination a pooled buffer.
   */
  @State(Scope.Thread)
  public static class Buffers {
    @Param({"64", "4096", "65536"})
    public int size;

    /**
     * heap: a wrapped array into a pooled heap buffer; direct: pooled direct into pooled direct;
     * heapToDirect: a wrapped array into a pooled direct buffer, the frame writer's usual case.
     */
    @Param({"heap", "direct", "heapToDirect"})
    public String kind;

    ByteBuf src;
    ByteBuf dst;

    /** Where the payload starts in dst: after a masked frame header, as in the frame writer. */
    int dstIndex;

    @Setup
    public void setUp() {
      PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
      byte[] payload = randomBytes(size);
      dstIndex = FrameWriter.headerLength(size, true);
      switch (kind) {
        case "heap":
          src = Unpooled.wrappedBuffer(payload);
          dst = alloc.heapBuffer(dstIndex + size);
          break;
        case "direct":
          src = alloc.directBuffer(size).writeBytes(payload);
          dst = alloc.directBuffer(dstIndex + size);
          break;
        case "heapToDirect":
          src = Unpooled.wrappedBuffer(payload);
          dst = alloc.directBuffer(dstIndex + size);
          break;
        default:
          throw new IllegalArgumentException("kind: " + kind);
      }
    }

    ByteBuf resetDst() {
      return dst.setIndex(0, dstIndex);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      src.release();
      dst.release();
    }
  }

  /** The project's fused copy and mask. */
  @Benchmark
  public ByteBuf maskCopy(Buffers b) {
    ByteBuf dst = b.resetDst();
    Masking.maskCopy(b.src, 0, b.size, dst, MASK);
    return dst;
  }

  /** A byte at a time through the ByteBuf accessors: the obvious implementation. */
  @Benchmark
  public ByteBuf byteLoop(Buffers b) {
    ByteBuf src = b.src;
    ByteBuf dst = b.resetDst();
    int out = dst.writerIndex();
    int size = b.size;
    for (int i = 0; i < size; i++) {
      dst.setByte(out + i, src.getByte(i) ^ (MASK >>> (24 - ((i & 3) << 3))));
    }
    dst.writerIndex(out + size);
    return dst;
  }

  /** A byte at a time over plain arrays: the byte loop without any buffer overhead. */
  @Benchmark
  public byte[] byteArrayLoop(PlainArrays a) {
    byte[] src = a.src;
    byte[] dst = a.dst;
    byte[] key = a.key;
    for (int i = 0; i < src.length; i++) {
      dst[i] = (byte) (src[i] ^ key[i & 3]);
    }
    return dst;
  }

  /** A copy without masking: the memcpy ceiling. */
  @Benchmark
  public byte[] arraycopy(PlainArrays a) {
    System.arraycopy(a.src, 0, a.dst, 0, a.size);
    return a.dst;
  }
}
