package dev.websocket.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.testing.Hex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8ValidatorTest {

  private static boolean jdkAccepts(byte[] bytes) {
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

  private static boolean accepts(byte[] bytes) {
    return Utf8Validator.isValid(bytes) && Utf8Validator.isValid(Unpooled.wrappedBuffer(bytes));
  }

  private static byte[] utf8(int codePoint) {
    return new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void agreesWithTheJdkOnRandomBytes() {
    Random random = new Random(1);
    for (int i = 0; i < 200_000; i++) {
      byte[] bytes = new byte[1 + random.nextInt(12)];
      random.nextBytes(bytes);
      if (random.nextBoolean()) {
        bytes[0] &= 0x7F; // more near-misses: an ASCII start, then random bytes
      }
      assertEquals(jdkAccepts(bytes), accepts(bytes), Hex.encode(bytes));
    }
  }

  @Test
  void agreesWithTheJdkOnRandomLeadAndContinuationMixes() {
    // Draw only from lead and continuation bytes, where validators disagree if they ever do.
    int[] interesting = {
      0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
      0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF, 0x41
    };
    Random random = new Random(2);
    for (int i = 0; i < 200_000; i++) {
      byte[] bytes = new byte[1 + random.nextInt(6)];
      for (int j = 0; j < bytes.length; j++) {
        bytes[j] = (byte) interesting[random.nextInt(interesting.length)];
      }
      assertEquals(jdkAccepts(bytes), accepts(bytes), Hex.encode(bytes));
    }
  }

  @Test
  void everyBoundaryCodePointIsValid() {
    int[] boundaries = {
      0x0, 0x7F, 0x80, 0x7FF, 0x800, 0xFFF, 0x1000, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000,
      0x3FFFF, 0x40000, 0xFFFFF, 0x100000, 0x10FFFF
    };
    for (int cp : boundaries) {
      assertTrue(accepts(utf8(cp)), Integer.toHexString(cp));
    }
  }

  @Test
  void everyScalarValueIsValid() {
    for (int cp = 0; cp <= 0x10FFFF; cp += (cp < 0x1000 ? 1 : 97)) {
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        continue;
      }
      assertTrue(accepts(utf8(cp)), Integer.toHexString(cp));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "c0 80", // overlong NUL
        "c1 bf", // overlong U+007F
        "e0 80 80", // overlong three-byte
        "e0 9f bf", // overlong U+07FF
        "f0 80 80 80", // overlong four-byte
        "f0 8f bf bf", // overlong U+FFFF
        "ed a0 80", // U+D800, a surrogate
        "ed bf bf", // U+DFFF, a surrogate
        "ed af bf ed b0 80", // a surrogate pair encoded as CESU-8
        "f4 90 80 80", // U+110000, above the last code point
        "f5 80 80 80",
        "f8 88 80 80 80",
        "fc 84 80 80 80 80",
        "fe",
        "ff", // leads that never occur
        "80",
        "bf",
        "41 80", // stray continuations
        "c2 41",
        "e1 80 41",
        "f1 80 80 41", // sequences cut by ASCII
      })
  void classicInvalidSequencesAreRejected(String hex) {
    assertFalse(accepts(Hex.decode(hex)), hex);
    assertFalse(jdkAccepts(Hex.decode(hex)), "the JDK agrees: " + hex);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"c2", "e1 80", "f0 90 80", "f4 8f bf"})
  void sequencesTruncatedAtTheEndAreIncompleteNotInvalid(String hex) {
    Utf8Validator validator = new Utf8Validator();
    byte[] bytes = Hex.decode(hex);
    assertEquals(Utf8Validator.VALID, validator.feed(bytes, 0, bytes.length));
    assertFalse(validator.isComplete());
    assertFalse(validator.hasFailed());
  }

  @Test
  void sequencesSplitAtEveryPointValidateAcrossFeeds() {
    byte[] text = "aé€😀z".getBytes(StandardCharsets.UTF_8);
    for (int split = 0; split <= text.length; split++) {
      Utf8Validator validator = new Utf8Validator();
      assertEquals(Utf8Validator.VALID, validator.feed(text, 0, split));
      assertEquals(Utf8Validator.VALID, validator.feed(text, split, text.length));
      assertTrue(validator.isComplete(), "split at " + split);
    }
  }

  @Test
  void reportsTheIndexOfTheFirstBadByte() {
    ByteBuf buf =
        Unpooled.wrappedBuffer(("0123456789abcdef" + "xyz").getBytes(StandardCharsets.US_ASCII));
    buf.setByte(17, 0xff);
    assertEquals(17, new Utf8Validator().feed(buf, 0, buf.writerIndex()));
    // And inside a sequence: the byte that cannot continue it.
    assertEquals(2, new Utf8Validator().feed(Hex.decode("41 e1 41"), 0, 3));
  }

  @Test
  void staysFailedUntilReset() {
    Utf8Validator validator = new Utf8Validator();
    assertEquals(0, validator.feed(Hex.decode("ff"), 0, 1));
    assertEquals(0, validator.feed(Hex.decode("41"), 0, 1));
    assertTrue(validator.hasFailed());
    validator.reset();
    assertEquals(Utf8Validator.VALID, validator.feed(Hex.decode("41"), 0, 1));
  }

  @Test
  void longAsciiRunsWithABadByteAtEachPosition() {
    for (int bad = 0; bad < 40; bad++) {
      byte[] bytes = "a".repeat(40).getBytes(StandardCharsets.US_ASCII);
      bytes[bad] = (byte) 0x80;
      assertEquals(bad, new Utf8Validator().feed(Unpooled.wrappedBuffer(bytes), 0, 40));
    }
  }
}
