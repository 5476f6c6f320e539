package dev.websocket.codec.deflate;

import static dev.websocket.codec.deflate.Vectors.buf;
import static dev.websocket.codec.deflate.Vectors.string;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 7692 section 7.2.2: decompressing incoming messages, frame by frame. */
class MessageInflaterTest {

  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
  private static final long NO_LIMIT = Long.MAX_VALUE;

  private MessageInflater inflater = inflater(DeflateParameters.DEFAULT, NO_LIMIT);

  @AfterEach
  void closeInflater() {
    inflater.close();
  }

  private static MessageInflater inflater(DeflateParameters parameters, long limit) {
    return new MessageInflater(parameters, limit, true);
  }

  /** Inflates one whole message given as frame payloads; the payload buffers are released. */
  private static byte[] inflateMessage(MessageInflater inflater, Opcode opcode, ByteBuf... frames) {
    inflater.startMessage(opcode);
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    for (int i = 0; i < frames.length; i++) {
      ByteBuf out = null;
      try {
        out = inflater.inflate(frames[i], i == frames.length - 1, ALLOC);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        message.writeBytes(bytes);
      } finally {
        frames[i].release();
        if (out != null) {
          out.release();
        }
      }
    }
    return message.toByteArray();
  }

  private static String inflateText(MessageInflater inflater, ByteBuf... frames) {
    return new String(inflateMessage(inflater, Opcode.TEXT, frames), StandardCharsets.UTF_8);
  }

  private static ProtocolViolationException assertFails(
      int closeStatus, String message, MessageInflater inflater, Opcode opcode, ByteBuf... frames) {
    ProtocolViolationException e =
        assertThrows(
            ProtocolViolationException.class, () -> inflateMessage(inflater, opcode, frames));
    assertEquals(message, e.getMessage());
    assertEquals(closeStatus, e.closeStatus());
    for (ByteBuf frame : frames) {
      if (frame.refCnt() > 0) {
        frame.release(); // Frames after the failing one were never reached.
      }
    }
    return e;
  }

  /** The examples of RFC 7692 section 7.2.3, byte for byte. */
  @Nested
  class Rfc7692Examples {

    @Test
    void helloInOneCompressedBlock() {
      // 7.2.3.1: c1 07 | f2 48 cd c9 c9 07 00
      //   c1 = FIN, RSV1, TEXT; 07 = payload length.
      //   Payload: BFINAL=0, BTYPE=01 (fixed Huffman), literals "Hello", end of block; the sync
      //   flush tail 00 00 ff ff was removed by the sender.
      assertEquals("Hello", inflateText(inflater, buf("f2 48 cd c9 c9 07 00")));
    }

    @Test
    void helloInTwoFragments() {
      // 7.2.3.1: 41 03 f2 48 cd   (TEXT, RSV1, not final)
      //          80 04 c9 c9 07 00 (CONTINUATION, final)
      assertEquals("Hello", inflateText(inflater, buf("f2 48 cd"), buf("c9 c9 07 00")));
    }

    @Test
    void helloSplitIntoTwoFramesAtEveryByte() {
      byte[] payload = Vectors.bytes("f2 48 cd c9 c9 07 00");
      for (int split = 0; split <= payload.length; split++) {
        ByteBuf first = Unpooled.wrappedBuffer(Arrays.copyOfRange(payload, 0, split));
        ByteBuf second = Unpooled.wrappedBuffer(Arrays.copyOfRange(payload, split, payload.length));
        assertEquals("Hello", inflateText(inflater, first, second), "split at " + split);
      }
    }

    @Test
    void secondHelloBackReferencesTheFirstWithASharedWindow() {
      // 7.2.3.2: c1 07 f2 48 cd c9 c9 07 00, then c1 05 f2 00 11 00 00
      //   f2 00 11 00 00: fixed Huffman block holding one match, length 5, distance 5, reaching
      //   into the previous message.
      assertEquals("Hello", inflateText(inflater, buf("f2 48 cd c9 c9 07 00")));
      assertEquals("Hello", inflateText(inflater, buf("f2 00 11 00 00")));
    }

    @Test
    void withServerNoContextTakeoverEachMessageStandsAlone() {
      // 7.2.3.2, no context takeover: both messages are c1 07 f2 48 cd c9 c9 07 00.
      inflater =
          inflater(DeflateParameters.builder().serverNoContextTakeover(true).build(), NO_LIMIT);
      assertEquals("Hello", inflateText(inflater, buf("f2 48 cd c9 c9 07 00")));
      assertEquals("Hello", inflateText(inflater, buf("f2 48 cd c9 c9 07 00")));
    }

    @Test
    void withServerNoContextTakeoverABackReferenceToTheLastMessageFails() {
      inflater =
          inflater(DeflateParameters.builder().serverNoContextTakeover(true).build(), NO_LIMIT);
      assertEquals("Hello", inflateText(inflater, buf("f2 48 cd c9 c9 07 00")));
      ProtocolViolationException e =
          assertFails(
              CloseStatus.INVALID_PAYLOAD,
              "Invalid compressed data: invalid distance too far back",
              inflater,
              Opcode.TEXT,
              buf("f2 00 11 00 00"));
      assertInstanceOf(DataFormatException.class, e.getCause());
    }

    @Test
    void helloInAStoredBlock() {
      // 7.2.3.3: c1 0b | 00 05 00 fa ff 48 65 6c 6c 6f 00
      //   00: BFINAL=0, BTYPE=00 (no compression), padding; 05 00 / fa ff: LEN=5, NLEN=~5;
      //   48 65 6c 6c 6f: "Hello"; 00: the next empty stored block's header, completed by the
      //   appended 00 00 ff ff.
      assertEquals("Hello", inflateText(inflater, buf("00 05 00 fa ff 48 65 6c 6c 6f 00")));
    }

    @Test
    void helloInABlockWithBfinalSet() {
      // 7.2.3.4: c1 08 | f3 48 cd c9 c9 07 00 00
      //   f3 ...: BFINAL=1, BTYPE=01, "Hello"; the last 00 begins an empty stored block.
      assertEquals("Hello", inflateText(inflater, buf("f3 48 cd c9 c9 07 00 00")));
    }

    @Test
    void afterABfinalBlockTheNextMessageStartsANewStream() {
      assertEquals("Hello", inflateText(inflater, buf("f3 48 cd c9 c9 07 00 00")));
      assertEquals("Hello", inflateText(inflater, buf("f2 48 cd c9 c9 07 00")));
      assertEquals("Hello", inflateText(inflater, buf("f2 00 11 00 00")));
    }

    @Test
    void helloInTwoBlocks() {
      // 7.2.3.5: c1 0d | f2 48 05 00 | 00 00 ff ff | ca c9 c9 07 00
      //   "He" in a fixed Huffman block, a sync flush (empty stored block), then "llo".
      assertEquals("Hello", inflateText(inflater, buf("f2 48 05 00 00 00 ff ff ca c9 c9 07 00")));
    }

    @Test
    void emptyMessage() {
      // 7.2.3.6: c1 01 00: an empty stored block's header, completed by 00 00 ff ff.
      assertEquals("", inflateText(inflater, buf("00")));
    }
  }

  /**
   * Streams made by zlib 1.2.13 with small windows, so that each holds a back reference that needs
   * the full 2^w window: S + "-" x (D - |S|) + S, where S is "The quick brown fox jumps over the
   * lazy dog, w=N." and D the distance of the second S. Each was checked to decode with {@code
   * zlib.decompressobj(-w)} (reading in 16-byte output steps, so matches come from the window) and,
   * for w &gt; 8, to fail with "invalid distance too far back" at w - 1. zlib refuses to compress
   * with w = 8 or to use the last 262 bytes of a window, so w = 8 has D = 250 (made with wbits -9),
   * w = 9..14 have D = 2^w (made with wbits -(w+1)) and w = 15 has D = 32506.
   */
  @Nested
  class ServerWindowSizes {

    static Arguments[] windows() {
      return new Arguments[] {
        Arguments.of(
            8,
            250,
            "0a c9 48 55 28 2c cd 4c ce 56 48 2a ca 2f cf 53 48 cb af 50 c8 2a"
                + " cd 2d 28 56 c8 2f 4b 2d 52 28 01 4a e7 24 56 55 2a a4 e4 a7 eb 28"
                + " 94 db 5a e8 e9 0e 17 10 92 41 a2 cf 01 00"),
        Arguments.of(
            9,
            512,
            "0a c9 48 55 28 2c cd 4c ce 56 48 2a ca 2f cf 53 48 cb af 50 c8 2a"
                + " cd 2d 28 56 c8 2f 4b 2d 52 28 01 4a e7 24 56 55 2a a4 e4 a7 eb 28"
                + " 94 db 5a ea e9 8e 82 e1 04 42 48 8d 7f 00 00"),
        Arguments.of(
            10,
            1024,
            "0a c9 48 55 28 2c cd 4c ce 56 48 2a ca 2f cf 53 48 cb af 50 c8 2a"
                + " cd 2d 28 56 c8 2f 4b 2d 52 28 01 4a e7 24 56 55 2a a4 e4 a7 eb 28"
                + " 94 db 1a 1a e8 e9 8e 82 51 30 0a 86 09 08 21 39 ff 03 00"),
        Arguments.of(
            11,
            2048,
            "0a c9 48 55 28 2c cd 4c ce 56 48 2a ca 2f cf 53 48 cb af 50 c8 2a"
                + " cd 2d 28 56 c8 2f 4b 2d 52 28 01 4a e7 24 56 55 2a a4 e4 a7 eb 28"
                + " 94 db 1a 1a ea e9 8e 82 51 30 0a 46 c1 28 18 05 a3 60 88 83 10 92"
                + " eb 7f 00 00"),
        Arguments.of(
            12,
            4096,
            "ec d7 c9 11 40 40 14 00 d1 54 7e 00 a8 e2 2e 8b 49 c0 32 76 3e c3"
                + " d8 a2 27 05 47 55 fd ae 1d 41 9b c6 ca e2 db a2 97 dc e9 31 49 a5"
                + " a7 74 7e 9c 57 d1 dd 3a d9 de 3c 64 f7 25 a5 d6 81 1c 69 9c 44 21"
                + " 00 00 00 00 00 f8 19 f3 f9 ff 1f 00"),
        Arguments.of(
            13,
            8192,
            "ec d9 c9 11 40 40 14 00 d1 54 7e 00 a8 52 ce b2 98 04 2c 63 e7 33"
                + " 8c 2d 7a 52 70 73 e8 77 ed 10 da 34 56 16 df 16 bd e4 4e 8f 49 2a"
                + " 3d a5 f3 e3 bc 8a ee d6 c9 f6 e6 21 bb 2f 29 b5 0e e4 48 e3 24 0a"
                + " 01 00 00 00 00 00 00 00 00 00 00 c0 cf 98 cf ff ff 01"),
        Arguments.of(
            14,
            16384,
            "ec db cb 0d 82 50 14 40 c1 56 6e 01 62 42 e2 96 2e 68 40 11 e5 a3"
                + " 3e 41 11 b4 7a 6c c1 c4 e5 cc f6 d4 70 ca a6 8e 61 6a ab 3e 0e 63"
                + " 9a 6f 71 4a 4b 74 d3 f5 fe 88 f4 aa c7 78 7e f3 65 ff 79 c7 31 9d"
                + " 37 31 17 f9 6e 9b 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                + " 7f 56 fe fc ff af 00"),
        Arguments.of(
            15,
            32506,
            "ec dd b1 11 82 50 14 00 c1 56 5e 01 e8 0c 01 a1 5d d0 80 28 0a 28"
                + " 7e 45 10 b1 7a 6c c1 d4 d9 4d af 88 2b 9b 3a 1e 53 7b b8 44 35 a4"
                + " f9 16 a7 f4 8e 6e ea ef cf 48 af 7a 88 f1 9b af fb cf 12 c7 74 ce"
                + " 62 de e5 c5 76 03 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                + " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 c0 5f 29 9b 5f cf f7 2b"
                + " 00"),
      };
    }

    private static String expected(int windowBits, int distance) {
      String s = "The quick brown fox jumps over the lazy dog, w=" + windowBits + ".";
      return s + "-".repeat(distance - s.length()) + s;
    }

    @ParameterizedTest(name = "server_max_window_bits={0}")
    @MethodSource("windows")
    void streamWithAFullSizeWindowDecodes(int windowBits, int distance, String payload) {
      inflater =
          inflater(DeflateParameters.builder().serverMaxWindowBits(windowBits).build(), NO_LIMIT);
      assertEquals(expected(windowBits, distance), inflateText(inflater, buf(payload)));
    }

    @ParameterizedTest(name = "server_max_window_bits={0}")
    @MethodSource("windows")
    void streamDecodesWhenFedOneByteAFrame(int windowBits, int distance, String payload) {
      inflater =
          inflater(DeflateParameters.builder().serverMaxWindowBits(windowBits).build(), NO_LIMIT);
      byte[] bytes = Vectors.bytes(payload);
      ByteBuf[] frames = new ByteBuf[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        frames[i] = Unpooled.wrappedBuffer(new byte[] {bytes[i]});
      }
      assertEquals(expected(windowBits, distance), inflateText(inflater, frames));
    }

    /**
     * zlib, wbits -10, two messages with one sync-flushed stream: m1 = S + "-" x 600 (644 bytes),
     * m2 = S, where S = "The quick brown fox jumps over the lazy dog.". m2 is one match of length
     * 44 at distance 644, into m1: it fails with a fresh inflater and with wbits -9.
     */
    private static final String M1 =
        "0a c9 48 55 28 2c cd 4c ce 56 48 2a ca 2f cf 53 48 cb af 50 c8"
            + " 2a cd 2d 28 56 c8 2f 4b 2d 52 28 01 4a e7 24 56 55 2a a4 e4 a7 eb e9 8e 82 51 40 03 00 00";

    private static final String M2 = "0a 21 21 0d 02 00";
    private static final String S = "The quick brown fox jumps over the lazy dog.";

    @Test
    void contextTakeoverWithA10BitWindow() {
      inflater = inflater(DeflateParameters.builder().serverMaxWindowBits(10).build(), NO_LIMIT);
      assertEquals(S + "-".repeat(600), inflateText(inflater, buf(M1)));
      assertEquals(S, inflateText(inflater, buf(M2)));
    }

    @Test
    void theSecondMessageOfASharedWindowFailsOnItsOwn() {
      assertFails(
          CloseStatus.INVALID_PAYLOAD,
          "Invalid compressed data: invalid distance too far back",
          inflater,
          Opcode.TEXT,
          buf(M2));
    }
  }

  /**
   * The inflated size is bounded by the message limit, and inflating stops as soon as it is
   * crossed.
   */
  @Nested
  class Limits {

    private static final int MIB = 1024 * 1024;

    @Test
    void aMessageOfExactlyTheLimitPasses() {
      byte[] message = new byte[1000];
      inflater = inflater(DeflateParameters.DEFAULT, 1000);
      assertArrayEquals(
          message,
          inflateMessage(
              inflater, Opcode.BINARY, Unpooled.wrappedBuffer(Vectors.jdkDeflate(message, 6))));
    }

    @Test
    void oneByteOverTheLimitFailsWith1009() {
      inflater = inflater(DeflateParameters.DEFAULT, 999);
      assertFails(
          CloseStatus.MESSAGE_TOO_BIG,
          "Inflated message exceeds the limit of 999 bytes",
          inflater,
          Opcode.BINARY,
          Unpooled.wrappedBuffer(Vectors.jdkDeflate(new byte[1000], 6)));
    }

    @Test
    void theLimitAppliesToTheWholeMessageAcrossFrames() {
      // 600 bytes in each of two frames, limit 1000: the second frame crosses it.
      inflater = inflater(DeflateParameters.DEFAULT, 1000);
      byte[] stream =
          Vectors.jdkDeflate(new byte[1200], 0); // Level 0: stored, so frames split cleanly.
      ByteBuf first = Unpooled.wrappedBuffer(stream, 0, stream.length / 2);
      ByteBuf second =
          Unpooled.wrappedBuffer(stream, stream.length / 2, stream.length - stream.length / 2);
      assertFails(
          CloseStatus.MESSAGE_TOO_BIG,
          "Inflated message exceeds the limit of 1000 bytes",
          inflater,
          Opcode.BINARY,
          first,
          second);
      assertEquals(1001, inflater.messageLength());
    }

    @Test
    void aBombFailsFastWithBoundedMemory() {
      // 10 MiB of zeros deflate to about 10 KB; with a 1 MiB limit the inflater must stop one byte
      // past 1 MiB, and no buffer it took may be able to grow beyond that.
      byte[] bomb = Vectors.jdkDeflate(new byte[10 * MIB], 9);
      assertTrue(bomb.length < 20_000, "bomb is " + bomb.length + " bytes");
      RecordingAllocator alloc = new RecordingAllocator();
      inflater = inflater(DeflateParameters.DEFAULT, MIB);
      inflater.startMessage(Opcode.BINARY);
      ByteBuf payload = Unpooled.wrappedBuffer(bomb);
      ProtocolViolationException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(10),
              () ->
                  assertThrows(
                      ProtocolViolationException.class,
                      () -> inflater.inflate(payload, true, alloc)));
      payload.release();
      assertEquals(CloseStatus.MESSAGE_TOO_BIG, e.closeStatus());
      assertEquals("Inflated message exceeds the limit of 1048576 bytes", e.getMessage());
      assertEquals(MIB + 1, inflater.messageLength());
      assertEquals(1, alloc.buffers());
      assertEquals(MIB + 1, alloc.largestMaxCapacity());
    }

    @Test
    void aBombSpreadOverFramesFailsOnTheFrameThatCrossesTheLimit() {
      byte[] bomb = Vectors.jdkDeflate(new byte[10 * MIB], 9);
      int frameSize = 1000;
      RecordingAllocator alloc = new RecordingAllocator();
      inflater = inflater(DeflateParameters.DEFAULT, MIB);
      inflater.startMessage(Opcode.BINARY);
      ProtocolViolationException failure = null;
      int frames = 0;
      for (int at = 0; at < bomb.length && failure == null; at += frameSize) {
        ByteBuf frame = Unpooled.wrappedBuffer(bomb, at, Math.min(frameSize, bomb.length - at));
        frames++;
        try {
          inflater.inflate(frame, false, alloc).release();
        } catch (ProtocolViolationException e) {
          failure = e;
        } finally {
          frame.release();
        }
      }
      assertEquals(CloseStatus.MESSAGE_TOO_BIG, failure.closeStatus());
      assertEquals(MIB + 1, inflater.messageLength());
      assertTrue(
          frames * frameSize < bomb.length / 5,
          "read " + frames + " frames of " + bomb.length + " bytes");
      assertTrue(alloc.largestMaxCapacity() <= MIB + 1);
    }
  }

  @Nested
  class Errors {

    @Test
    void corruptDataFailsWith1007AndKeepsTheCause() {
      // ff: BFINAL=1, BTYPE=11, a reserved block type.
      ProtocolViolationException e =
          assertFails(
              CloseStatus.INVALID_PAYLOAD,
              "Invalid compressed data: invalid block type",
              inflater,
              Opcode.BINARY,
              buf("ff"));
      assertInstanceOf(DataFormatException.class, e.getCause());
    }

    @Test
    void invalidUtf8InAnInflatedTextMessageFailsWith1007AtTheFirstBadByte() {
      // "Hello " then ff, which never occurs in UTF-8.
      byte[] text = Vectors.bytes("48 65 6c 6c 6f 20 ff 21");
      assertFails(
          CloseStatus.INVALID_PAYLOAD,
          "Invalid UTF-8 in text message at byte 6",
          inflater,
          Opcode.TEXT,
          Unpooled.wrappedBuffer(Vectors.jdkDeflate(text, 6)));
    }

    @Test
    void aTextMessageEndingInsideACharacterFailsWith1007() {
      // e2 82: the first two bytes of the euro sign e2 82 ac.
      byte[] text = Vectors.bytes("41 e2 82");
      assertFails(
          CloseStatus.INVALID_PAYLOAD,
          "Text message ends inside a UTF-8 sequence",
          inflater,
          Opcode.TEXT,
          Unpooled.wrappedBuffer(Vectors.jdkDeflate(text, 6)));
    }

    @Test
    void aCharacterSplitAcrossFramesIsValid() {
      // "€" is e2 82 ac; stored blocks keep each byte in its own frame.
      byte[] stream = Vectors.jdkDeflate(Vectors.bytes("e2 82 ac"), 0);
      ByteBuf[] frames = new ByteBuf[stream.length];
      for (int i = 0; i < stream.length; i++) {
        frames[i] = Unpooled.wrappedBuffer(new byte[] {stream[i]});
      }
      assertEquals("\u20ac", inflateText(inflater, frames));
    }

    @Test
    void binaryMessagesAreNotCheckedAsUtf8() {
      byte[] bytes = Vectors.bytes("ff fe 41 e2");
      assertArrayEquals(
          bytes,
          inflateMessage(
              inflater, Opcode.BINARY, Unpooled.wrappedBuffer(Vectors.jdkDeflate(bytes, 6))));
    }

    @Test
    void textIsNotCheckedWhenValidationIsOff() {
      inflater.close();
      inflater = new MessageInflater(DeflateParameters.DEFAULT, NO_LIMIT, false);
      byte[] bytes = Vectors.bytes("ff fe 41 e2");
      assertArrayEquals(
          bytes,
          inflateMessage(
              inflater, Opcode.TEXT, Unpooled.wrappedBuffer(Vectors.jdkDeflate(bytes, 6))));
    }

    @Test
    void afterAFailureTheInflaterRefusesMoreInput() {
      assertFails(
          CloseStatus.INVALID_PAYLOAD,
          "Invalid compressed data: invalid block type",
          inflater,
          Opcode.BINARY,
          buf("ff"));
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> inflater.startMessage(Opcode.BINARY));
      assertEquals("MessageInflater failed on an earlier frame", e.getMessage());
    }

    @Test
    void inflatingWithoutAMessageIsRefused() {
      ByteBuf payload = buf("00");
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> inflater.inflate(payload, true, ALLOC));
      payload.release();
      assertEquals("No compressed message in progress", e.getMessage());
    }

    @Test
    void controlOpcodesDoNotStartMessages() {
      assertThrows(IllegalArgumentException.class, () -> inflater.startMessage(Opcode.PING));
      assertThrows(
          IllegalArgumentException.class, () -> inflater.startMessage(Opcode.CONTINUATION));
    }
  }

  @Nested
  class Lifecycle {

    @Test
    void closeIsIdempotentAndEndsUse() {
      assertEquals("Hello", inflateText(inflater, buf("f2 48 cd c9 c9 07 00")));
      inflater.close();
      inflater.close();
      assertTrue(inflater.isClosed());
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> inflater.startMessage(Opcode.TEXT));
      assertEquals("MessageInflater is closed", e.getMessage());
    }

    @Test
    void thePayloadIndicesAreLeftAlone() {
      ByteBuf payload = buf("f2 48 cd c9 c9 07 00");
      inflater.startMessage(Opcode.TEXT);
      ByteBuf out = inflater.inflate(payload, true, ALLOC);
      assertEquals("Hello", string(out));
      assertEquals(0, payload.readerIndex());
      assertEquals(7, payload.writerIndex());
      assertFalse(inflater.isInMessage());
      out.release();
      payload.release();
    }

    @Test
    void aCompositePayloadIsReadAcrossItsComponents() {
      ByteBuf payload = Unpooled.wrappedBuffer(buf("f2 48"), buf("cd c9"), buf("c9 07 00"));
      assertEquals("Hello", inflateText(inflater, payload));
    }

    @Test
    void aDirectPayloadIsRead() {
      ByteBuf payload = ALLOC.directBuffer(7).writeBytes(Vectors.bytes("f2 48 cd c9 c9 07 00"));
      assertEquals("Hello", inflateText(inflater, payload));
    }

    @Test
    void outputStillInsideZlibWhenAFrameEndsIsNotLost() {
      // Each byte of a stream of zeros inflates to far more than a frame's first output buffer, so
      // zlib often holds output back when a frame's input runs out. All of it must come out in the
      // frame it belongs to, and the window must be in step for the next message.
      byte[] zeros = new byte[100_000];
      byte[] stream = Vectors.jdkDeflate(zeros, 9);
      for (int frameSize : new int[] {1, 2, 3, 7}) {
        ByteBuf[] frames = new ByteBuf[(stream.length + frameSize - 1) / frameSize];
        for (int i = 0; i < frames.length; i++) {
          int at = i * frameSize;
          frames[i] = Unpooled.wrappedBuffer(stream, at, Math.min(frameSize, stream.length - at));
        }
        assertArrayEquals(
            zeros, inflateMessage(inflater, Opcode.BINARY, frames), "frames of " + frameSize);
        inflater.close();
        inflater = inflater(DeflateParameters.DEFAULT, NO_LIMIT);
      }
    }

    @Test
    void aMessageEndingWithAFullOutputBufferLeavesNothingForTheNext() {
      // 256 bytes fill the first output buffer exactly; the next message must not begin with
      // leftovers of this one.
      MessageDeflater deflater = new MessageDeflater(DeflateParameters.DEFAULT, 9);
      for (int size : new int[] {255, 256, 257, 512, 16384, 16385, 32768}) {
        byte[] message = new byte[size];
        java.util.Arrays.fill(message, (byte) 'x');
        ByteBuf in = Unpooled.wrappedBuffer(message);
        ByteBuf compressed = deflater.compress(in, ALLOC);
        in.release();
        assertArrayEquals(
            message, inflateMessage(inflater, Opcode.BINARY, compressed), "size " + size);
        ByteBuf hello = Vectors.utf8("Hello");
        ByteBuf compressedHello = deflater.compress(hello, ALLOC);
        hello.release();
        assertEquals("Hello", inflateText(inflater, compressedHello), "after size " + size);
      }
      deflater.close();
    }

    @Test
    void levelZeroToNineStreamsFromTheJdkDecode() {
      byte[] text = "permessage-deflate ".repeat(200).getBytes(StandardCharsets.US_ASCII);
      for (int level = Deflater.NO_COMPRESSION; level <= Deflater.BEST_COMPRESSION; level++) {
        assertArrayEquals(
            text,
            inflateMessage(
                inflater, Opcode.TEXT, Unpooled.wrappedBuffer(Vectors.jdkDeflate(text, level))),
            "level " + level);
        inflater.close();
        inflater = inflater(DeflateParameters.DEFAULT, NO_LIMIT);
      }
    }
  }
}
