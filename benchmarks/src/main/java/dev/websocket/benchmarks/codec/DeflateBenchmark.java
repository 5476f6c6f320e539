package dev.websocket.benchmarks.codec;

import dev.websocket.codec.Frame;
import dev.websocket.codec.FrameWriter;
import dev.websocket.codec.MaskKeySource;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.deflate.DeflateParameters;
import dev.websocket.codec.deflate.MessageDeflater;
import dev.websocket.codec.deflate.MessageInflater;
import dev.websocket.codec.deflate.PerMessageDeflateConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
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
 * permessage-deflate on JSON-like text: compressing a message, inflating it, and, as the baseline
 * in the same run, the uncompressed path (encoding the frame with its masking, which a compressed
 * message also pays afterwards on fewer bytes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DeflateBenchmark {

  @Param({"1024", "65536"})
  public int size;

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
  private ByteBuf message;
  private ByteBuf compressed;
  private MessageDeflater deflater;
  private MessageInflater inflater;
  private FrameWriter writer;

  @Setup(Level.Trial)
  public void setUp() {
    message = Unpooled.directBuffer(size).writeBytes(json(size));
    deflater =
        new MessageDeflater(
            DeflateParameters.DEFAULT, PerMessageDeflateConfig.DEFAULT_COMPRESSION_LEVEL);
    inflater = new MessageInflater(DeflateParameters.DEFAULT, Long.MAX_VALUE, true);
    writer = new FrameWriter(MaskKeySource.secureRandom());
    // A message as the first of a connection would be compressed: no earlier context to refer to.
    try (MessageDeflater fresh =
        new MessageDeflater(
            DeflateParameters.DEFAULT, PerMessageDeflateConfig.DEFAULT_COMPRESSION_LEVEL)) {
      compressed = fresh.compress(message, alloc);
    }
    System.out.printf(
        Locale.ROOT,
        "%n%d-byte message compresses to %d bytes (%.1f%% of the original)%n",
        size,
        compressed.readableBytes(),
        100.0 * compressed.readableBytes() / size);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    deflater.close();
    inflater.close();
    message.release();
    compressed.release();
  }

  /** The path without compression: the frame, masked, into one buffer. */
  @Benchmark
  public int uncompressedFrame() {
    Frame frame = new Frame(Opcode.TEXT, message.retainedSlice());
    ByteBuf wire = writer.encode(frame, alloc);
    int length = wire.readableBytes();
    wire.release();
    frame.release();
    return length;
  }

  /** Compressing one message, with the context kept from message to message as by default. */
  @Benchmark
  public int compress() {
    ByteBuf out = deflater.compress(message, alloc);
    int length = out.readableBytes();
    out.release();
    return length;
  }

  /** Inflating one message, with the UTF-8 check of its text. */
  @Benchmark
  public int decompress() {
    inflater.startMessage(Opcode.TEXT);
    ByteBuf out = inflater.inflate(compressed, true, alloc);
    int length = out.readableBytes();
    out.release();
    return length;
  }

  /** Trade-feed records with varying numbers: about as compressible as real JSON traffic. */
  static byte[] json(int size) {
    String[] symbols = {"ACME", "GLOBEX", "INITECH", "UMBRELLA", "HOOLI", "STARK"};
    String[] sides = {"buy", "sell"};
    SplittableRandom random = new SplittableRandom(7);
    StringBuilder sb = new StringBuilder(size + 128).append('[');
    long ts = 1_732_579_200_000L;
    while (sb.length() < size) {
      sb.append(
          String.format(
              Locale.ROOT,
              "{\"id\":%d,\"symbol\":\"%s\",\"price\":%.2f,\"qty\":%d,\"side\":\"%s\",\"ts\":%d},",
              random.nextInt(1_000_000),
              symbols[random.nextInt(symbols.length)],
              10 + random.nextDouble() * 990,
              1 + random.nextInt(5000),
              sides[random.nextInt(2)],
              ts += random.nextInt(50)));
    }
    byte[] bytes = sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    return bytes;
  }
}
