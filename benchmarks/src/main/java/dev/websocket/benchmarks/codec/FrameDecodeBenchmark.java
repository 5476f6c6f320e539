package dev.websocket.benchmarks.codec;

import dev.websocket.codec.Frame;
import dev.websocket.codec.FrameDecoderConfig;
import dev.websocket.codec.FrameParser;
import dev.websocket.codec.FrameWriter;
import dev.websocket.codec.Opcode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
 * A client's {@link FrameParser} reading one whole, unmasked server frame per call. The encoded
 * frame sits in a pooled direct buffer, as a socket read would leave it, and is re-read from the
 * start each time so that only decoding is measured: header checks, the payload slice and, for
 * text, the UTF-8 check.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameDecodeBenchmark {

  @Param({"BINARY", "TEXT"})
  public Opcode opcode;

  @Param({"64", "65536"})
  public int size;

  private ByteBuf wire;
  private FrameParser parser;

  @Setup
  public void setUp() {
    byte[] payload;
    if (opcode == Opcode.TEXT) {
      payload = Texts.utf8("mixed", size);
    } else {
      payload = new byte[size];
      new SplittableRandom(42).nextBytes(payload);
    }
    Frame frame = new Frame(opcode, Unpooled.wrappedBuffer(payload));
    ByteBuf encoded = new FrameWriter(null).encode(frame, ByteBufAllocator.DEFAULT);
    frame.release();
    wire = PooledByteBufAllocator.DEFAULT.directBuffer(encoded.readableBytes());
    wire.writeBytes(encoded);
    encoded.release();
    parser = new FrameParser(FrameDecoderConfig.CLIENT);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    wire.release();
  }

  @Benchmark
  public int decode() {
    wire.readerIndex(0);
    Frame frame = parser.parse(wire);
    try {
      return frame.content().readableBytes();
    } finally {
      frame.release();
    }
  }
}
