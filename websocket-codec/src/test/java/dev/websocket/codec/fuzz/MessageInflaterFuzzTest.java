package dev.websocket.codec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.ProtocolViolationException;
import dev.websocket.codec.deflate.DeflateParameters;
import dev.websocket.codec.deflate.MessageInflater;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Fuzzes {@link MessageInflater} with arbitrary "compressed" payloads.
 *
 * <p>Input layout: byte 0 flags (bit 0 server_no_context_takeover, bit 1 validate UTF-8, bit 2
 * TEXT), byte 1 the message limit (64 × b bytes), byte 2 the number of frames (1 + b % 4); the rest
 * is the compressed message, cut into that many frames, inflated twice in a row (the second time
 * with the window the first left, unless no context takeover).
 *
 * <p>Properties: only {@link ProtocolViolationException} (1007 or 1009) is thrown; a message never
 * inflates past the limit (a 1009 is thrown at most one byte past it); a TEXT message that passes
 * with validation on is UTF-8 by the JDK's strict decoder; the input buffers are left as they were;
 * every output buffer is released and the inflater closed.
 */
class MessageInflaterFuzzTest {

  private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

  @FuzzTest(maxDuration = "10m")
  void inflatesAnyInputWithinTheLimit(byte[] input) {
    if (input.length < 3) {
      return;
    }
    int flags = input[0];
    boolean noContextTakeover = (flags & 1) != 0;
    boolean validate = (flags & 2) != 0;
    boolean text = (flags & 4) != 0;
    long limit = 64L * (input[1] & 0xff);
    int frames = 1 + (input[2] & 0xff) % 4;
    byte[] compressed = Arrays.copyOfRange(input, 3, input.length);
    DeflateParameters parameters =
        DeflateParameters.builder().serverNoContextTakeover(noContextTakeover).build();
    MessageInflater inflater = new MessageInflater(parameters, limit, validate);
    try {
      for (int round = 0; round < 2; round++) {
        inflater.startMessage(text ? Opcode.TEXT : Opcode.BINARY);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int size = (compressed.length + frames - 1) / frames;
        for (int f = 0; f < frames; f++) {
          int from = Math.min(compressed.length, f * size);
          int to = Math.min(compressed.length, from + size);
          ByteBuf in = Unpooled.wrappedBuffer(compressed, from, to - from);
          int readerIndex = in.readerIndex();
          ByteBuf out;
          try {
            out = inflater.inflate(in, f == frames - 1, ALLOC);
          } catch (ProtocolViolationException e) {
            assertTrue(
                e.closeStatus() == CloseStatus.INVALID_PAYLOAD
                    || e.closeStatus() == CloseStatus.MESSAGE_TOO_BIG,
                () -> "close code " + e.closeStatus());
            if (e.closeStatus() == CloseStatus.MESSAGE_TOO_BIG) {
              assertTrue(
                  inflater.messageLength() <= limit + 1,
                  "inflated " + inflater.messageLength() + " past " + limit);
            }
            assertEquals(1, in.refCnt());
            in.release();
            return;
          }
          try {
            assertEquals(readerIndex, in.readerIndex(), "the input's indices were moved");
            assertEquals(1, in.refCnt());
            message.writeBytes(ByteBufUtil.getBytes(out));
          } finally {
            out.release();
            in.release();
          }
          assertTrue(
              message.size() <= limit,
              "inflated " + message.size() + " bytes past the limit " + limit);
        }
        if (text && validate) {
          assertTrue(
              FrameParserFuzzTest.strictUtf8(message.toByteArray()),
              "text that is not UTF-8 passed");
        }
      }
    } finally {
      inflater.close();
    }
  }
}
