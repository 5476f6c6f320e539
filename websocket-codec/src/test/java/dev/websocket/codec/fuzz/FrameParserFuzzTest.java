package dev.websocket.codec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.websocket.codec.ClosePayload;
import dev.websocket.codec.Frame;
import dev.websocket.codec.FrameDecoderConfig;
import dev.websocket.codec.FrameParser;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fuzzes {@link FrameParser} with any bytes in any splits, the way {@link
 * dev.websocket.codec.FrameDecoder} feeds it (a cumulation buffer that grows as chunks arrive).
 *
 * <p>Input layout: byte 0 flags (bit 0 expect masked frames, bit 1 validate UTF-8, bits 2-4 the
 * allowed RSV bits), byte 1 the split seed, byte 2 the frame limit (125 + 64 × b), byte 3 the
 * message limit (1 + 128 × b); the rest is the wire.
 *
 * <p>Properties: only {@link ProtocolViolationException} is thrown, with a close code of 1002, 1007
 * or 1009; the whole input, a seeded random split and one byte at a time give the same frames and
 * the same close code; every frame keeps the rules (size limits, control frames final and at most
 * 125 bytes, no RSV bit that was not allowed, close payloads parse, complete uncompressed text
 * messages are UTF-8 by the JDK's strict decoder when validation is on); and every buffer is
 * released.
 */
class FrameParserFuzzTest {

  @FuzzTest(maxDuration = "10m")
  void anyBytesInAnySplits(byte[] input) {
    if (input.length < 4) {
      return;
    }
    int flags = input[0] & 0xff;
    FrameDecoderConfig config =
        FrameDecoderConfig.builder()
            .expectMaskedFrames((flags & 1) != 0)
            .validateUtf8((flags & 2) != 0)
            .allowedRsv((flags >> 2) & 7)
            .maxFrameSize(125 + 64 * (input[2] & 0xff))
            .maxMessageSize(1 + 128 * (input[3] & 0xff))
            .build();
    byte[] wire = Arrays.copyOfRange(input, 4, input.length);

    Outcome whole = parse(config, wire, new int[] {wire.length});
    Outcome random = parse(config, wire, randomSplits(wire.length, input[1]));
    assertEquals(whole, random, "whole vs. random split");
    if (wire.length <= 4096) {
      int[] ones = new int[wire.length];
      Arrays.fill(ones, 1);
      assertEquals(whole, parse(config, wire, ones), "whole vs. one byte at a time");
    }
    check(config, whole);
  }

  /** What the parser made of the wire: the frames, and the close code it failed with (or 0). */
  record Outcome(
      List<String> frames,
      List<byte[]> payloads,
      List<Opcode> opcodes,
      List<Integer> rsvs,
      int closeCode) {
    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Outcome other)
          || other.closeCode != closeCode
          || !other.frames.equals(frames)) {
        return false;
      }
      for (int i = 0; i < payloads.size(); i++) {
        if (!Arrays.equals(payloads.get(i), other.payloads.get(i))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      return frames.hashCode();
    }
  }

  private static Outcome parse(FrameDecoderConfig config, byte[] wire, int[] chunks) {
    FrameParser parser = new FrameParser(config);
    ByteBuf cumulation = Unpooled.buffer();
    List<String> frames = new ArrayList<>();
    List<byte[]> payloads = new ArrayList<>();
    List<Opcode> opcodes = new ArrayList<>();
    List<Integer> rsvs = new ArrayList<>();
    int code = 0;
    try {
      int at = 0;
      chunks:
      for (int chunk : chunks) {
        cumulation.writeBytes(wire, at, chunk);
        at += chunk;
        while (cumulation.isReadable()) {
          Frame frame;
          try {
            frame = parser.parse(cumulation);
          } catch (ProtocolViolationException e) {
            code = e.closeStatus();
            assertTrue(
                code == 1002 || code == 1007 || code == 1009,
                () -> "close code " + e.closeStatus() + ": " + e);
            assertTrue(parser.hasFailed());
            break chunks;
          }
          if (frame == null) {
            break;
          }
          try {
            frames.add(frame.opcode() + (frame.isFinal() ? " fin" : "") + " rsv=" + frame.rsv());
            payloads.add(ByteBufUtil.getBytes(frame.payload()));
            opcodes.add(frame.opcode());
            rsvs.add(frame.rsv());
          } finally {
            frame.release();
          }
        }
        // Like ByteToMessageDecoder: drop what was read once nothing refers to it any more.
        assertEquals(1, cumulation.refCnt(), "a frame's slice was not released by the parser");
        cumulation.discardReadBytes();
      }
    } finally {
      assertEquals(1, cumulation.refCnt(), "the parser kept a reference to the input");
      cumulation.release();
    }
    return new Outcome(frames, payloads, opcodes, rsvs, code);
  }

  private static int[] randomSplits(int length, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Integer> chunks = new ArrayList<>();
    int left = length;
    while (left > 0) {
      int n = 1 + random.nextInt(Math.min(left, 64));
      chunks.add(n);
      left -= n;
    }
    return chunks.stream().mapToInt(Integer::intValue).toArray();
  }

  private static void check(FrameDecoderConfig config, Outcome outcome) {
    ByteArrayOutputStream message = null;
    boolean text = false;
    boolean compressed = false;
    long messageLength = 0;
    for (int i = 0; i < outcome.frames().size(); i++) {
      Opcode op = outcome.opcodes().get(i);
      byte[] payload = outcome.payloads().get(i);
      int rsv = outcome.rsvs().get(i);
      String frame = outcome.frames().get(i);
      assertTrue(payload.length <= config.maxFrameSize(), frame);
      assertEquals(0, rsv & ~config.allowedRsv(), frame);
      if (op.isControl()) {
        assertTrue(frame.contains("fin") && payload.length <= Frame.MAX_CONTROL_PAYLOAD, frame);
        assertEquals(0, rsv & Frame.RSV1, frame);
        if (op == Opcode.CLOSE) {
          ClosePayload.parse(Unpooled.wrappedBuffer(payload), config.validateUtf8());
        }
        continue;
      }
      if (op == Opcode.CONTINUATION) {
        assertTrue(message != null, "continuation with nothing to continue: " + frame);
        assertEquals(0, rsv & Frame.RSV1, frame);
      } else {
        assertTrue(message == null, "new message inside a fragmented one: " + frame);
        message = new ByteArrayOutputStream();
        text = op == Opcode.TEXT;
        compressed = (rsv & Frame.RSV1) != 0;
        messageLength = 0;
      }
      message.write(payload, 0, payload.length);
      messageLength += payload.length;
      if (!compressed) {
        assertTrue(messageLength <= config.maxMessageSize(), frame);
      }
      if (frame.contains("fin")) {
        if (text && !compressed && config.validateUtf8()) {
          assertTrue(strictUtf8(message.toByteArray()), "text message that is not UTF-8 passed");
        }
        message = null;
      }
    }
  }

  static boolean strictUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
