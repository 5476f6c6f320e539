package dev.websocket.codec.deflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.websocket.codec.Opcode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MessageDeflater into MessageInflater, for the sizes around the frame length encodings (0, 1, 125,
 * 126, 65535, 65536) and 1 MiB, random and repetitive, with and without context takeover. Seeded,
 * so every run compresses the same bytes.
 */
class DeflateRoundTripTest {

  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
  private static final int MIB = 1024 * 1024;
  private static final int[] SIZES = {0, 1, 125, 126, 65535, 65536, MIB};
  private static final int MESSAGES = 3;

  private MessageDeflater deflater;
  private MessageInflater inflater;

  @AfterEach
  void close() {
    deflater.close();
    inflater.close();
  }

  static Stream<Arguments> cases() {
    DeflateParameters takeover = DeflateParameters.DEFAULT;
    DeflateParameters noTakeover =
        DeflateParameters.builder()
            .serverNoContextTakeover(true)
            .clientNoContextTakeover(true)
            .build();
    List<Arguments> cases = new ArrayList<>();
    for (int size : SIZES) {
      for (boolean random : new boolean[] {true, false}) {
        cases.add(Arguments.of(size, random, takeover));
        cases.add(Arguments.of(size, random, noTakeover));
      }
    }
    return cases.stream();
  }

  private static byte[] data(int size, boolean random, long seed) {
    Random rng = new Random(seed);
    byte[] bytes = new byte[size];
    if (random) {
      rng.nextBytes(bytes);
    } else {
      for (int i = 0; i < size; i++) {
        bytes[i] = (byte) ('a' + rng.nextInt(6)); // Text-like: compresses about three times.
      }
    }
    return bytes;
  }

  private void open(DeflateParameters parameters) {
    deflater = new MessageDeflater(parameters, PerMessageDeflateConfig.DEFAULT_COMPRESSION_LEVEL);
    inflater = new MessageInflater(parameters, Long.MAX_VALUE, false);
  }

  @ParameterizedTest(name = "{0} bytes, random={1}, {2}")
  @MethodSource("cases")
  void wholeMessages(int size, boolean random, DeflateParameters parameters) {
    open(parameters);
    for (int m = 0; m < MESSAGES; m++) {
      // The same message again, then a different one: both reuse the window under takeover.
      byte[] message = data(size, random, m / 2);
      ByteBuf in = Unpooled.wrappedBuffer(message);
      ByteBuf compressed = deflater.compress(in, ALLOC);
      inflater.startMessage(Opcode.BINARY);
      ByteBuf out = inflater.inflate(compressed, true, ALLOC);
      byte[] actual = new byte[out.readableBytes()];
      out.readBytes(actual);
      assertArrayEquals(message, actual, "message " + m);
      in.release();
      compressed.release();
      out.release();
    }
  }

  @ParameterizedTest(name = "{0} bytes, random={1}, {2}")
  @MethodSource("cases")
  void fragmentedMessages(int size, boolean random, DeflateParameters parameters) {
    open(parameters);
    Random splits = new Random(size);
    for (int m = 0; m < MESSAGES; m++) {
      byte[] message = data(size, random, m / 2);
      inflater.startMessage(Opcode.BINARY);
      ByteArrayOutputStream actual = new ByteArrayOutputStream();
      int at = 0;
      boolean last;
      do {
        int n = Math.min(message.length - at, splits.nextInt(Math.max(1, size / 3) + 1));
        last = at + n == message.length;
        ByteBuf fragment = Unpooled.wrappedBuffer(message, at, n);
        ByteBuf compressed = deflater.compressFragment(fragment, last, ALLOC);
        ByteBuf out = inflater.inflate(compressed, last, ALLOC);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        actual.writeBytes(bytes);
        fragment.release();
        compressed.release();
        out.release();
        at += n;
      } while (!last);
      assertArrayEquals(message, actual.toByteArray(), "message " + m);
    }
  }
}
