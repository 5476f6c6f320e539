package dev.websocket.codec.deflate;

import static dev.websocket.codec.deflate.Vectors.hex;
import static dev.websocket.codec.deflate.Vectors.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.codec.Opcode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7692 section 7.2.1: compressing outgoing messages. */
class MessageDeflaterTest {

  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
  private static final int LEVEL = PerMessageDeflateConfig.DEFAULT_COMPRESSION_LEVEL;

  private MessageDeflater deflater = new MessageDeflater(DeflateParameters.DEFAULT, LEVEL);

  @AfterEach
  void closeDeflater() {
    deflater.close();
  }

  /** Compresses a whole message and returns the payload as hex; the buffers are released. */
  private static String compress(MessageDeflater deflater, ByteBuf message) {
    ByteBuf out = deflater.compress(message, ALLOC);
    try {
      return hex(out);
    } finally {
      out.release();
      message.release();
    }
  }

  private static byte[] compressToBytes(MessageDeflater deflater, byte[] message) {
    ByteBuf in = Unpooled.wrappedBuffer(message);
    ByteBuf out = deflater.compress(in, ALLOC);
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    out.release();
    in.release();
    return bytes;
  }

  /**
   * Decompresses one message with a brand-new raw inflater: it must not need any earlier message.
   */
  private static byte[] inflateAlone(byte[] payload) throws DataFormatException {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(payload);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[4096];
      while (!inflater.needsInput()) {
        int n = inflater.inflate(chunk);
        out.write(chunk, 0, n);
      }
      inflater.setInput(MessageDeflater.EMPTY_BLOCK_TAIL);
      int n;
      while ((n = inflater.inflate(chunk)) > 0) {
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }

  /** The compressing side of the examples of RFC 7692 section 7.2.3. */
  @Nested
  class Rfc7692Examples {

    @Test
    void helloCompressesToTheRfcBytes() {
      // 7.2.3.1: the frame c1 07 f2 48 cd c9 c9 07 00; zlib's flush tail 00 00 ff ff is removed.
      assertEquals("f2 48 cd c9 c9 07 00", compress(deflater, utf8("Hello")));
    }

    @Test
    void secondHelloIsABackReferenceWithContextTakeover() {
      // 7.2.3.2: the second frame is c1 05 f2 00 11 00 00, one match of length 5 at distance 5.
      assertEquals("f2 48 cd c9 c9 07 00", compress(deflater, utf8("Hello")));
      assertEquals("f2 00 11 00 00", compress(deflater, utf8("Hello")));
    }

    @Test
    void withClientNoContextTakeoverEveryHelloIsTheSame() {
      deflater =
          new MessageDeflater(
              DeflateParameters.builder().clientNoContextTakeover(true).build(), LEVEL);
      assertEquals("f2 48 cd c9 c9 07 00", compress(deflater, utf8("Hello")));
      assertEquals("f2 48 cd c9 c9 07 00", compress(deflater, utf8("Hello")));
    }

    @Test
    void anEmptyMessageIsOneZeroByte() {
      // 7.2.3.6: 00, the header of an empty stored block that the receiver's 00 00 ff ff completes.
      assertEquals("00", compress(deflater, Unpooled.buffer(0)));
    }

    @Test
    void anEmptyMessageAfterAnotherIsStillOneZeroByte() {
      // zlib writes nothing for a flush right after a flush; the deflater supplies the 00.
      assertEquals("f2 48 cd c9 c9 07 00", compress(deflater, utf8("Hello")));
      assertEquals("00", compress(deflater, Unpooled.buffer(0)));
      assertEquals("00", compress(deflater, Unpooled.buffer(0)));
      // The window is still shared: the next Hello is the back reference again.
      assertEquals("f2 00 11 00 00", compress(deflater, utf8("Hello")));
    }
  }

  @Nested
  class Fragments {

    @Test
    void fragmentsShareOneStreamAndOnlyTheLastLosesItsTail() {
      ByteBuf first = deflater.compressFragment(utf8("Hel"), false, ALLOC);
      ByteBuf last = deflater.compressFragment(utf8("lo"), true, ALLOC);
      // The first fragment keeps its sync flush: it ends with 00 00 ff ff.
      assertTrue(hex(first).endsWith("00 00 ff ff"), hex(first));
      assertFalse(hex(last).endsWith("00 00 ff ff"), hex(last));
      MessageInflater inflater =
          new MessageInflater(DeflateParameters.DEFAULT, Long.MAX_VALUE, true);
      inflater.startMessage(Opcode.TEXT);
      ByteBuf a = inflater.inflate(first, false, ALLOC);
      ByteBuf b = inflater.inflate(last, true, ALLOC);
      assertEquals("Hello", Vectors.string(a) + Vectors.string(b));
      for (ByteBuf buf : new ByteBuf[] {first, last, a, b}) {
        buf.release();
      }
      inflater.close();
    }

    @Test
    void anEmptyFinalFragmentIsOneZeroByte() {
      ByteBuf first = deflater.compressFragment(utf8("Hello"), false, ALLOC);
      ByteBuf last = deflater.compressFragment(Unpooled.EMPTY_BUFFER, true, ALLOC);
      assertEquals("00", hex(last));
      MessageInflater inflater =
          new MessageInflater(DeflateParameters.DEFAULT, Long.MAX_VALUE, true);
      inflater.startMessage(Opcode.TEXT);
      ByteBuf a = inflater.inflate(first, false, ALLOC);
      ByteBuf b = inflater.inflate(last, true, ALLOC);
      assertEquals("Hello", Vectors.string(a) + Vectors.string(b));
      // The streams stay in step: the next message's back reference resolves.
      ByteBuf hello = utf8("Hello");
      ByteBuf next = deflater.compress(hello, ALLOC);
      inflater.startMessage(Opcode.TEXT);
      ByteBuf c = inflater.inflate(next, true, ALLOC);
      assertEquals("Hello", Vectors.string(c));
      for (ByteBuf buf : new ByteBuf[] {first, last, a, b, hello, next, c}) {
        buf.release();
      }
      inflater.close();
    }

    @Test
    void aWholeMessageMayNotStartInsideAFragmentedOne() {
      ByteBuf hello = utf8("Hello");
      deflater.compressFragment(hello, false, ALLOC).release();
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> deflater.compress(hello, ALLOC));
      assertEquals("A fragmented message is in progress", e.getMessage());
      hello.release();
    }
  }

  /**
   * The JDK only compresses with a 32 KiB window. With client_max_window_bits w &lt; 15 every
   * message starts from an empty window and only messages of at most 2^w bytes are compressed, so
   * no back reference can reach past 2^w bytes.
   */
  @Nested
  class SmallClientWindows {

    @ParameterizedTest(name = "client_max_window_bits={0}")
    @ValueSource(ints = {8, 9, 10, 11, 12, 13, 14})
    void onlyMessagesThatFitTheWindowAreCompressed(int windowBits) {
      deflater =
          new MessageDeflater(
              DeflateParameters.builder().clientMaxWindowBits(windowBits).build(), LEVEL);
      int window = 1 << windowBits;
      assertTrue(deflater.canCompress(window));
      assertFalse(deflater.canCompress(window + 1));
      assertFalse(deflater.canCompressFragmented());
    }

    @Test
    void aFifteenBitWindowCompressesEverything() {
      assertTrue(deflater.canCompress(Integer.MAX_VALUE));
      assertTrue(deflater.canCompressFragmented());
    }

    @ParameterizedTest(name = "client_max_window_bits={0}")
    @ValueSource(ints = {8, 9, 10, 11, 12, 13, 14})
    void everyMessageDecodesWithAFreshInflater(int windowBits) throws DataFormatException {
      deflater =
          new MessageDeflater(
              DeflateParameters.builder().clientMaxWindowBits(windowBits).build(), LEVEL);
      // Messages that repeat each other: with a shared window they would be back references.
      Random random = new Random(windowBits);
      byte[] base = new byte[1 << windowBits];
      for (int i = 0; i < base.length; i++) {
        base[i] = (byte) ('a' + random.nextInt(4));
      }
      for (int i = 0; i < 5; i++) {
        byte[] payload = compressToBytes(deflater, base);
        assertArrayEquals(base, inflateAlone(payload), "message " + i);
      }
    }

    @Test
    void withAFifteenBitWindowTheSecondMessageNeedsTheFirst() {
      // The check above has teeth: with context takeover a fresh inflater cannot read message two.
      byte[] base =
          "permessage-deflate shares its window ".repeat(20).getBytes(StandardCharsets.US_ASCII);
      compressToBytes(deflater, base);
      byte[] second = compressToBytes(deflater, base);
      assertThrows(DataFormatException.class, () -> inflateAlone(second));
    }

    @Test
    void aMessageLargerThanTheWindowIsRefused() {
      deflater =
          new MessageDeflater(DeflateParameters.builder().clientMaxWindowBits(10).build(), LEVEL);
      ByteBuf big = Unpooled.buffer(1025).writeZero(1025);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> deflater.compress(big, ALLOC));
      assertEquals(
          "A message of 1025 bytes may not be compressed with a 10-bit window", e.getMessage());
      big.release();
    }

    @Test
    void aFragmentedMessageIsRefused() {
      deflater =
          new MessageDeflater(DeflateParameters.builder().clientMaxWindowBits(10).build(), LEVEL);
      ByteBuf hello = utf8("Hello");
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> deflater.compressFragment(hello, false, ALLOC));
      assertEquals(
          "A fragmented message may not be compressed with a 10-bit window", e.getMessage());
      hello.release();
    }
  }

  @Nested
  class Buffers {

    @Test
    void theInputIndicesAreLeftAlone() {
      ByteBuf hello = utf8("Hello");
      ByteBuf out = deflater.compress(hello, ALLOC);
      assertEquals(0, hello.readerIndex());
      assertEquals(5, hello.writerIndex());
      out.release();
      hello.release();
    }

    @Test
    void aCompositeInputIsReadAcrossItsComponents() {
      assertEquals(
          "f2 48 cd c9 c9 07 00",
          compress(deflater, Unpooled.wrappedBuffer(utf8("He"), utf8("llo"))));
    }

    @Test
    void aDirectInputIsRead() {
      ByteBuf direct =
          ALLOC.directBuffer(5).writeBytes("Hello".getBytes(StandardCharsets.US_ASCII));
      assertEquals("f2 48 cd c9 c9 07 00", compress(deflater, direct));
    }

    @Test
    void theOutputMatchesAPlainJdkDeflaterForLargeInput() {
      byte[] text =
          "{\"id\":1,\"name\":\"permessage-deflate\"}"
              .repeat(5000)
              .getBytes(StandardCharsets.US_ASCII);
      assertArrayEquals(Vectors.jdkDeflate(text, LEVEL), compressToBytes(deflater, text));
    }

    @Test
    void closeIsIdempotentAndEndsUse() {
      deflater.close();
      deflater.close();
      assertTrue(deflater.isClosed());
      ByteBuf hello = utf8("Hello");
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> deflater.compress(hello, ALLOC));
      assertEquals("MessageDeflater is closed", e.getMessage());
      hello.release();
    }
  }
}
