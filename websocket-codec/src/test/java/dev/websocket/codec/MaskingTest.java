package dev.websocket.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The word-wide masking agrees with the byte-at-a-time definition at every length and alignment.
 */
class MaskingTest {

  private static byte[] plainMask(byte[] data, int from, int length, int mask, int phase) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      int keyByte = (mask >>> (24 - 8 * ((i + phase) & 3))) & 0xFF;
      out[i] = (byte) (data[from + i] ^ keyByte);
    }
    return out;
  }

  @Test
  void maskCopyMatchesTheDefinitionAtEveryLengthAndOffset() {
    Random random = new Random(42);
    byte[] data = new byte[300];
    random.nextBytes(data);
    for (int offset = 0; offset < 9; offset++) {
      for (int length = 0; length < 40; length++) {
        int mask = random.nextInt();
        ByteBuf src = Unpooled.wrappedBuffer(data);
        ByteBuf dst = ByteBufAllocator.DEFAULT.directBuffer();
        try {
          dst.writeBytes(new byte[offset % 3]); // misalign the destination too
          Masking.maskCopy(src, offset, length, dst, mask);
          byte[] got = new byte[length];
          dst.getBytes(offset % 3, got);
          assertArrayEquals(plainMask(data, offset, length, mask, 0), got);
        } finally {
          dst.release();
        }
      }
    }
  }

  @Test
  void maskInPlaceFromAnyPhaseMatchesTheDefinition() {
    Random random = new Random(7);
    for (int phase = 0; phase < 4; phase++) {
      for (int length = 0; length < 40; length++) {
        byte[] data = new byte[length + 5];
        random.nextBytes(data);
        int mask = random.nextInt();
        ByteBuf buf = Unpooled.copiedBuffer(data);
        Masking.maskInPlace(buf, 5, length, Masking.rotate(mask, phase));
        byte[] got = new byte[length];
        buf.getBytes(5, got);
        assertArrayEquals(plainMask(data, 5, length, mask, phase), got);
      }
    }
  }

  @Test
  void maskingTwiceRestoresThePayload() {
    byte[] data = new byte[1000];
    new Random(3).nextBytes(data);
    ByteBuf buf = Unpooled.copiedBuffer(data);
    Masking.maskInPlace(buf, 0, 1000, 0x12345678);
    Masking.maskInPlace(buf, 0, 1000, 0x12345678);
    byte[] got = new byte[1000];
    buf.getBytes(0, got);
    assertArrayEquals(data, got);
  }
}
