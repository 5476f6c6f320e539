package dev.websocket.benchmarks.codec;

import dev.websocket.codec.Utf8Validator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * {@link Utf8Validator} against the JDK's strict decoder, the usual way to check UTF-8 in Java. The
 * decoder also produces chars, which a validator need not; that is the point of having one. Both
 * read the same bytes from the same kind of memory; the decoder writes into a reused {@link
 * CharBuffer} so neither side allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Utf8Benchmark {

  @Param({"ascii", "mixed"})
  public String text;

  @Param({"4096", "65536"})
  public int size;

  /**
   * heap: a wrapped array (and a heap ByteBuffer); direct: pooled direct memory, as a socket read
   * leaves it.
   */
  @Param({"heap", "direct"})
  public String kind;

  private ByteBuf buf;
  private ByteBuffer nio;
  private CharBuffer chars;
  private final Utf8Validator validator = new Utf8Validator();
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  @Setup
  public void setUp() {
    byte[] bytes = Texts.utf8(text, size);
    switch (kind) {
      case "heap":
        buf = Unpooled.wrappedBuffer(bytes);
        break;
      case "direct":
        buf = PooledByteBufAllocator.DEFAULT.directBuffer(size).writeBytes(bytes);
        break;
      default:
        throw new IllegalArgumentException("kind: " + kind);
    }
    nio = buf.nioBuffer();
    chars = CharBuffer.allocate(size);
    // Both sides must accept the text, and the decoder must produce all of it.
    if (validate() != Utf8Validator.VALID
        || jdkDecoder() != new String(bytes, StandardCharsets.UTF_8).length()) {
      throw new AssertionError("the benchmark text is not valid UTF-8");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    buf.release();
  }

  /** The index of the first bad byte, or VALID; a truncated sequence at the end counts as bad. */
  @Benchmark
  public int validate() {
    validator.reset();
    int bad = validator.feed(buf, 0, size);
    return bad == Utf8Validator.VALID && !validator.isComplete() ? size : bad;
  }

  /** The number of chars decoded; throws on malformed input. */
  @Benchmark
  public int jdkDecoder() {
    decoder.reset();
    nio.clear();
    chars.clear();
    CoderResult result = decoder.decode(nio, chars, true);
    if (result.isError()) {
      throw new IllegalStateException(result.toString());
    }
    decoder.flush(chars);
    return chars.position();
  }
}
