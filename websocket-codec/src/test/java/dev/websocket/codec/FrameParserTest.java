package dev.websocket.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.testing.Hex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Byte vectors for the frame parser; every stream is fed whole, byte by byte and in random splits.
 */
class FrameParserTest {

  /**
   * The frames of {@code hex} as "OPCODE fin=1 rsv=0 hex", identical for every way of splitting it.
   */
  static List<String> parseAllSplits(FrameDecoderConfig config, String hex) {
    byte[] wire = Hex.decode(hex);
    List<String> whole = parse(config, wire, new int[] {wire.length});
    int[] ones = new int[wire.length];
    Arrays.fill(ones, 1);
    assertEquals(whole, parse(config, wire, ones), "byte-by-byte differs from whole");
    Random random = new Random(wire.length);
    for (int seed = 0; seed < 8; seed++) {
      assertEquals(
          whole, parse(config, wire, randomSplits(random, wire.length)), "random split differs");
    }
    return whole;
  }

  static int[] randomSplits(Random random, int length) {
    List<Integer> sizes = new ArrayList<>();
    for (int left = length; left > 0; ) {
      int size = 1 + random.nextInt(Math.min(left, 20));
      sizes.add(size);
      left -= size;
    }
    return sizes.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Feeds {@code wire} in chunks of the given sizes into a cumulating buffer, as a decoder would.
   */
  static List<String> parse(FrameDecoderConfig config, byte[] wire, int[] chunks) {
    FrameParser parser = new FrameParser(config);
    ByteBuf cumulation = Unpooled.buffer();
    List<String> frames = new ArrayList<>();
    try {
      int offset = 0;
      for (int size : chunks) {
        cumulation.writeBytes(wire, offset, size);
        offset += size;
        for (Frame frame; (frame = parser.parse(cumulation)) != null; ) {
          frames.add(describe(frame));
          frame.release();
        }
        cumulation.discardReadBytes();
      }
      assertFalse(cumulation.isReadable(), "bytes left over: " + Hex.encode(cumulation));
      return frames;
    } finally {
      cumulation.release();
    }
  }

  static String describe(Frame frame) {
    return frame.opcode()
        + " fin="
        + (frame.isFinal() ? 1 : 0)
        + " rsv="
        + frame.rsv()
        + " "
        + ByteBufUtil.hexDump(frame.payload());
  }

  static ProtocolViolationException violation(FrameDecoderConfig config, String hex) {
    ProtocolViolationException whole =
        assertThrows(
            ProtocolViolationException.class,
            () -> parse(config, Hex.decode(hex), new int[] {Hex.decode(hex).length}));
    byte[] wire = Hex.decode(hex);
    int[] ones = new int[wire.length];
    Arrays.fill(ones, 1);
    ProtocolViolationException split =
        assertThrows(ProtocolViolationException.class, () -> parse(config, wire, ones));
    assertEquals(whole.getMessage(), split.getMessage());
    assertEquals(whole.closeStatus(), split.closeStatus());
    return whole;
  }

  static ProtocolViolationException violation(String hex) {
    return violation(FrameDecoderConfig.CLIENT, hex);
  }

  @Nested
  class Rfc6455Section57Examples {
    @Test
    void singleFrameUnmaskedText() {
      assertEquals(
          List.of("TEXT fin=1 rsv=0 48656c6c6f"),
          parseAllSplits(
              FrameDecoderConfig.CLIENT, "81 05 48 65 6c 6c 6f // FIN TEXT len=5 \"Hello\""));
    }

    @Test
    void singleFrameMaskedTextAtTheServer() {
      assertEquals(
          List.of("TEXT fin=1 rsv=0 48656c6c6f"),
          parseAllSplits(
              FrameDecoderConfig.SERVER,
              "81 85 37 fa 21 3d 7f 9f 4d 51 58 // FIN TEXT MASK len=5 key=37fa213d \"Hello\""));
    }

    @Test
    void fragmentedUnmaskedText() {
      assertEquals(
          List.of("TEXT fin=0 rsv=0 48656c", "CONTINUATION fin=1 rsv=0 6c6f"),
          parseAllSplits(
              FrameDecoderConfig.CLIENT,
              """
              01 03 48 65 6c // TEXT len=3 "Hel"
              80 02 6c 6f    // FIN CONTINUATION len=2 "lo"
              """));
    }

    @Test
    void unmaskedPingAndMaskedPong() {
      assertEquals(
          List.of("PING fin=1 rsv=0 48656c6c6f"),
          parseAllSplits(
              FrameDecoderConfig.CLIENT, "89 05 48 65 6c 6c 6f // FIN PING len=5 \"Hello\""));
      assertEquals(
          List.of("PONG fin=1 rsv=0 48656c6c6f"),
          parseAllSplits(
              FrameDecoderConfig.SERVER,
              "8a 85 37 fa 21 3d 7f 9f 4d 51 58 // FIN PONG MASK \"Hello\""));
    }

    @Test
    void binary256BytesUsesA16BitLength() {
      String payload = "ab".repeat(256);
      assertEquals(
          List.of("BINARY fin=1 rsv=0 " + payload),
          parseAllSplits(
              FrameDecoderConfig.CLIENT,
              "82 7e 01 00 // FIN BINARY len=126 ext16=256\n" + payload));
    }

    @Test
    void binary64KiBUsesA64BitLength() {
      String payload = "cd".repeat(65536);
      byte[] wire =
          Hex.decode("82 7f 00 00 00 00 00 01 00 00 // FIN BINARY len=127 ext64=65536\n" + payload);
      List<String> frames =
          parse(FrameDecoderConfig.CLIENT, wire, new int[] {3, 7, 100, wire.length - 110});
      assertEquals(List.of("BINARY fin=1 rsv=0 " + payload), frames);
    }
  }

  @Nested
  class ControlFramesInsideFragmentedMessages {
    @Test
    void pingBetweenFragmentsIsDeliveredInWireOrder() {
      assertEquals(
          List.of("TEXT fin=0 rsv=0 48", "PING fin=1 rsv=0 ", "CONTINUATION fin=1 rsv=0 69"),
          parseAllSplits(
              FrameDecoderConfig.CLIENT,
              """
              01 01 48 // TEXT "H"
              89 00    // PING empty
              80 01 69 // FIN CONTINUATION "i"
              """));
    }

    @Test
    void emptyFramesAreFrames() {
      assertEquals(
          List.of("TEXT fin=0 rsv=0 ", "CONTINUATION fin=0 rsv=0 ", "CONTINUATION fin=1 rsv=0 "),
          parseAllSplits(FrameDecoderConfig.CLIENT, "01 00 00 00 80 00"));
    }
  }

  @Nested
  class ProtocolErrorsClose1002 {
    @Test
    void maskedFrameFromServer() {
      ProtocolViolationException e = violation("81 85 37 fa 21 3d 7f 9f 4d 51 58");
      assertEquals(CloseStatus.PROTOCOL_ERROR, e.closeStatus());
      assertEquals("Masked frame from server", e.getMessage());
    }

    @Test
    void unmaskedFrameFromClient() {
      ProtocolViolationException e = violation(FrameDecoderConfig.SERVER, "81 00");
      assertEquals("Unmasked frame from client", e.getMessage());
    }

    @Test
    void reservedBitsWithoutAnExtension() {
      assertEquals(
          "Reserved bits set without a negotiated extension: RSV1",
          violation("c1 00").getMessage());
      assertEquals(
          "Reserved bits set without a negotiated extension: RSV2",
          violation("a1 00").getMessage());
      assertEquals(
          "Reserved bits set without a negotiated extension: RSV3",
          violation("91 00").getMessage());
      assertEquals(
          "Reserved bits set without a negotiated extension: RSV1+RSV2+RSV3",
          violation("f1 00").getMessage());
      assertEquals(CloseStatus.PROTOCOL_ERROR, violation("91 00").closeStatus());
    }

    @Test
    void rsv1AllowedOnlyOnTheFirstFrameOfADataMessageWhenNegotiated() {
      FrameDecoderConfig deflate = FrameDecoderConfig.builder().allowedRsv(Frame.RSV1).build();
      assertEquals(
          List.of("TEXT fin=0 rsv=4 00", "CONTINUATION fin=1 rsv=0 00"),
          parseAllSplits(deflate, "41 01 00 80 01 00"));
      assertEquals("RSV1 set on a PING frame", violation(deflate, "c9 00").getMessage());
      assertEquals(
          "RSV1 set on a CONTINUATION frame", violation(deflate, "41 01 00 c0 01 00").getMessage());
    }

    @Test
    void everyReservedOpcode() {
      for (int code : new int[] {3, 4, 5, 6, 7, 11, 12, 13, 14, 15}) {
        ProtocolViolationException e = violation(String.format("%02x 00", 0x80 | code));
        assertEquals("Reserved opcode " + code, e.getMessage());
        assertEquals(CloseStatus.PROTOCOL_ERROR, e.closeStatus());
      }
    }

    @Test
    void fragmentedControlFrame() {
      assertEquals("Fragmented control frame", violation("09 00").getMessage());
    }

    @Test
    void controlPayloadLongerThan125() {
      assertEquals(
          "Control frame payload longer than 125 bytes", violation("89 7e 00 7e").getMessage());
    }

    @Test
    void controlFrameIsJudgedBeforeItsExtendedLengthArrives() {
      // Only the first two bytes: the violation is already certain.
      ProtocolViolationException e =
          assertThrows(
              ProtocolViolationException.class,
              () -> new FrameParser(FrameDecoderConfig.CLIENT).parse(Hex.buf("89 7f")));
      assertEquals(CloseStatus.PROTOCOL_ERROR, e.closeStatus());
    }

    @Test
    void closePayloadOfOneByte() {
      assertEquals("Close frame payload of one byte", violation("88 01 03").getMessage());
    }

    @Test
    void closeCodeNotValidOnTheWire() {
      for (int code :
          new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
        ProtocolViolationException e = violation(String.format("88 02 %04x", code));
        assertEquals("Close status not valid on the wire: " + code, e.getMessage());
        assertEquals(CloseStatus.PROTOCOL_ERROR, e.closeStatus());
      }
    }

    @Test
    void validCloseCodesParse() {
      for (int code :
          new int[] {
            1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999,
            4000, 4999
          }) {
        assertEquals(
            List.of(String.format("CLOSE fin=1 rsv=0 %04x", code)),
            parseAllSplits(FrameDecoderConfig.CLIENT, String.format("88 02 %04x", code)));
      }
    }

    @Test
    void continuationWithNoMessageOpen() {
      assertEquals(
          "Continuation frame with no message to continue", violation("80 00").getMessage());
    }

    @Test
    void newDataFrameWhileAFragmentedMessageIsOpen() {
      assertEquals(
          "New BINARY message while a fragmented TEXT message is open",
          violation("01 01 48 82 00").getMessage());
    }

    @Test
    void sixtyFourBitLengthWithTheTopBitSet() {
      ProtocolViolationException e = violation("82 7f 80 00 00 00 00 00 00 00");
      assertEquals("Frame length has the most significant bit set", e.getMessage());
      assertEquals(CloseStatus.PROTOCOL_ERROR, e.closeStatus());
    }

    @Test
    void afterAViolationInputIsDiscarded() {
      FrameParser parser = new FrameParser(FrameDecoderConfig.CLIENT);
      ByteBuf in = Hex.buf("83 00 81 01 41");
      assertThrows(ProtocolViolationException.class, () -> parser.parse(in));
      assertTrue(parser.hasFailed());
      assertNull(parser.parse(in));
      assertFalse(in.isReadable());
    }
  }

  @Nested
  class InvalidUtf8Closes1007 {
    @Test
    void invalidByteInText() {
      ProtocolViolationException e = violation("81 03 41 c0 80");
      assertEquals(CloseStatus.INVALID_PAYLOAD, e.closeStatus());
      assertEquals("Invalid UTF-8 in text message at frame offset 1", e.getMessage());
    }

    @Test
    void failsAtTheFirstBadByteBeforeTheFrameCompletes() {
      // A 100-byte text frame of which only 3 bytes have arrived, the third invalid.
      FrameParser parser = new FrameParser(FrameDecoderConfig.CLIENT);
      ByteBuf in = Hex.buf("81 64 41 42 ff");
      try {
        ProtocolViolationException e =
            assertThrows(ProtocolViolationException.class, () -> parser.parse(in));
        assertEquals(CloseStatus.INVALID_PAYLOAD, e.closeStatus());
      } finally {
        in.release();
      }
    }

    @Test
    void failsInALaterFragmentBeforeTheMessageCompletes() {
      ProtocolViolationException e = violation("01 02 ce ba 00 02 e1 ed");
      assertEquals(CloseStatus.INVALID_PAYLOAD, e.closeStatus());
    }

    @Test
    void sequenceSplitAcrossFragmentsIsValid() {
      // U+03BA (ce ba) split between two fragments.
      assertEquals(
          List.of("TEXT fin=0 rsv=0 ce", "CONTINUATION fin=1 rsv=0 ba"),
          parseAllSplits(FrameDecoderConfig.CLIENT, "01 01 ce 80 01 ba"));
    }

    @Test
    void messageEndingInsideASequence() {
      ProtocolViolationException e = violation("81 01 ce");
      assertEquals("Text message ends inside a UTF-8 sequence", e.getMessage());
      assertEquals(CloseStatus.INVALID_PAYLOAD, e.closeStatus());
    }

    @Test
    void invalidCloseReason() {
      ProtocolViolationException e = violation("88 04 03 e8 c0 80");
      assertEquals("Close reason is not valid UTF-8", e.getMessage());
      assertEquals(CloseStatus.INVALID_PAYLOAD, e.closeStatus());
    }

    @Test
    void binaryIsNeverChecked() {
      assertEquals(
          List.of("BINARY fin=1 rsv=0 c080"),
          parseAllSplits(FrameDecoderConfig.CLIENT, "82 02 c0 80"));
    }

    @Test
    void validationCanBeSwitchedOff() {
      FrameDecoderConfig skip = FrameDecoderConfig.builder().validateUtf8(false).build();
      assertEquals(List.of("TEXT fin=1 rsv=0 c080"), parseAllSplits(skip, "81 02 c0 80"));
    }
  }

  @Nested
  class LimitsClose1009 {
    private final FrameDecoderConfig small =
        FrameDecoderConfig.builder().maxFrameSize(200).maxMessageSize(300).build();

    @Test
    void frameAboveTheLimitFailsFromItsHeaderAlone() {
      ProtocolViolationException e =
          assertThrows(
              ProtocolViolationException.class,
              () -> new FrameParser(small).parse(Hex.buf("82 7e 00 c9")));
      assertEquals(CloseStatus.MESSAGE_TOO_BIG, e.closeStatus());
      assertEquals("Frame of 201 bytes exceeds the limit of 200", e.getMessage());
    }

    @Test
    void hugeAnnouncedFrameFailsWithoutBuffering() {
      ProtocolViolationException e =
          assertThrows(
              ProtocolViolationException.class,
              () ->
                  new FrameParser(FrameDecoderConfig.CLIENT)
                      .parse(Hex.buf("82 7f 40 00 00 00 00 00 00 00")));
      assertEquals(CloseStatus.MESSAGE_TOO_BIG, e.closeStatus());
      assertEquals(
          "Frame of 4611686018427387904 bytes exceeds the limit of 67108864", e.getMessage());
    }

    @Test
    void messageAboveTheLimitFailsAtTheHeaderOfTheFragmentThatCrossesIt() {
      String first = "02 7e 00 c8 " + "00".repeat(200); // BINARY len=200
      String second = "80 7e 00 65"; // FIN CONTINUATION len=101, counting 128: 328 in all
      ProtocolViolationException e = violation(small, first + second);
      assertEquals(CloseStatus.MESSAGE_TOO_BIG, e.closeStatus());
      assertEquals(
          "Message of at least 328 bytes in 2 fragments (each counting at least 128) exceeds the limit of 300",
          e.getMessage());
    }

    @Test
    void emptyFragmentsCountTheirBookkeepingAgainstTheMessageLimit() {
      // BINARY fin=0 len=0, then empty non-final continuations: 128 bytes each, nothing of payload.
      FrameParser parser =
          new FrameParser(FrameDecoderConfig.builder().maxMessageSize(1000).build());
      ByteBuf wire = Hex.buf("02 00" + " 00 00".repeat(7));
      try {
        for (int i = 0; i < 7; i++) {
          parser.parse(wire).release();
        }
        // The eighth fragment brings the cost to 8 x 128 = 1024 > 1000.
        ProtocolViolationException e =
            assertThrows(ProtocolViolationException.class, () -> parser.parse(wire));
        assertEquals(CloseStatus.MESSAGE_TOO_BIG, e.closeStatus());
        assertEquals(
            "Message of at least 1024 bytes in 8 fragments (each counting at least 128) exceeds the limit of 1000",
            e.getMessage());
      } finally {
        wire.release();
      }
    }

    @Test
    void aMillionEmptyFragmentsFailWithTheDefaultLimitLongBeforeTheMillionth() {
      FrameParser parser = new FrameParser(FrameDecoderConfig.CLIENT);
      ByteBuf wire = Hex.buf("02 00");
      ByteBuf empty = Hex.buf("00 00");
      int parsed = 0;
      try {
        parser.parse(wire).release();
        ProtocolViolationException failure = null;
        while (failure == null && parsed < 1_000_000) {
          try {
            parser.parse(empty.readerIndex(0)).release();
            parsed++;
          } catch (ProtocolViolationException e) {
            failure = e;
          }
        }
        assertEquals(CloseStatus.MESSAGE_TOO_BIG, failure.closeStatus());
        // 64 MiB / 128 bytes: the first fragment and 524,287 continuations.
        assertEquals(
            FrameDecoderConfig.DEFAULT_MAX_MESSAGE_SIZE / MessageState.MIN_FRAGMENT_COST - 1,
            parsed);
      } finally {
        wire.release();
        empty.release();
      }
    }

    @Test
    void fragmentsOfAtLeastTheMinimumCostAreMeasuredByTheirPayloadAlone() {
      // 300 bytes in fragments of 150 (BINARY, CONTINUATION): exactly the limit passes.
      String payload = "00".repeat(150);
      assertEquals(
          List.of("BINARY fin=0 rsv=0 " + payload, "CONTINUATION fin=1 rsv=0 " + payload),
          parseAllSplits(small, "02 7e 00 96 " + payload + " 80 7e 00 96 " + payload));
    }

    @Test
    void anUnfragmentedMessageSmallerThanTheMinimumCostsOnlyItsPayload() {
      FrameDecoderConfig tiny = FrameDecoderConfig.builder().maxMessageSize(5).build();
      assertEquals(
          List.of("TEXT fin=1 rsv=0 48656c6c6f"), parseAllSplits(tiny, "81 05 48 65 6c 6c 6f"));
    }
  }
}
