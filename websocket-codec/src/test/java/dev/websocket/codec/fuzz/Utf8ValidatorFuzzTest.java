package dev.websocket.codec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.websocket.codec.Utf8Validator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * Fuzzes {@link Utf8Validator} against the JDK's strict UTF-8 decoder: the bytes after the first
 * are valid (and complete) for one exactly when they are for the other, whether fed whole, in two
 * pieces cut where byte 0 says, as a byte array or from a buffer at an offset (heap and direct);
 * and a reported invalid byte is the first one: everything before it is accepted.
 */
class Utf8ValidatorFuzzTest {

  @FuzzTest(maxDuration = "10m")
  void agreesWithTheJdksStrictDecoder(byte[] input) {
    if (input.length < 1) {
      return;
    }
    byte[] text = Arrays.copyOfRange(input, 1, input.length);
    int cut = text.length == 0 ? 0 : (input[0] & 0xff) % (text.length + 1);
    boolean jdk = FrameParserFuzzTest.strictUtf8(text);

    assertEquals(jdk, Utf8Validator.isValid(text), "isValid(byte[])");

    Utf8Validator pieces = new Utf8Validator();
    int first = pieces.feed(text, 0, cut);
    int bad = first != Utf8Validator.VALID ? first : pieces.feed(text, cut, text.length);
    assertEquals(jdk, bad == Utf8Validator.VALID && pieces.isComplete(), "two pieces of a byte[]");

    for (ByteBuf buf :
        new ByteBuf[] {
          Unpooled.buffer(text.length + 16), Unpooled.directBuffer(text.length + 16)
        }) {
      try {
        int offset = 7;
        buf.writeZero(offset).writeBytes(text).writeZero(9);
        assertEquals(
            jdk, Utf8Validator.isValid(buf.slice(offset, text.length)), "isValid(ByteBuf)");
        Utf8Validator v = new Utf8Validator();
        int b1 = v.feed(buf, offset, offset + cut);
        int b2 = b1 != Utf8Validator.VALID ? b1 : v.feed(buf, offset + cut, offset + text.length);
        assertEquals(
            jdk,
            b2 == Utf8Validator.VALID && v.isComplete(),
            "two pieces of a " + buf.getClass().getSimpleName());
        assertEquals(
            bad == Utf8Validator.VALID ? Utf8Validator.VALID : bad + offset,
            b2,
            "the same first invalid byte from a buffer as from an array");
      } finally {
        buf.release();
      }
    }

    if (bad != Utf8Validator.VALID) {
      Utf8Validator prefix = new Utf8Validator();
      assertEquals(
          Utf8Validator.VALID,
          prefix.feed(text, 0, bad),
          "the bytes before the reported one are accepted");
      assertEquals(
          bad, prefix.feed(text, bad, bad + 1), "the reported byte is rejected on its own");
    }
  }
}
