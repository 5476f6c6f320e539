package dev.websocket.client.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.testing.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RawFrameParserTest {

  private static final byte[] TWO_FRAMES =
      Hex.decode(
          """
      81 85 37 fa 21 3d 7f 9f 4d 51 58   // FIN TEXT masked key=37fa213d len=5 "Hello"
      01 03 48 65 6c                     // TEXT (not FIN) unmasked len=3 "Hel"
      """);

  @Test
  void parsesAMaskedAndAnUnmaskedFrameAsSent() {
    List<RecordedFrame> frames = new RawFrameParser(7, 1000).feed(TWO_FRAMES, 0, TWO_FRAMES.length);

    assertEquals(2, frames.size());
    RecordedFrame first = frames.get(0);
    assertEquals(7, first.connection());
    assertTrue(first.fin());
    assertEquals(RawFrames.TEXT, first.opcode());
    assertArrayEquals(Hex.decode("37 fa 21 3d"), first.maskKey());
    assertEquals("Hello", first.text());
    RecordedFrame second = frames.get(1);
    assertFalse(second.fin());
    assertFalse(second.masked());
    assertEquals("Hel", second.text());
  }

  @Test
  void givesTheSameFramesWhenFedOneByteAtATime() {
    RawFrameParser parser = new RawFrameParser(0, 1000);
    List<RecordedFrame> frames = new ArrayList<>();
    for (int i = 0; i < TWO_FRAMES.length; i++) {
      frames.addAll(parser.feed(TWO_FRAMES, i, 1));
    }

    assertEquals(new RawFrameParser(0, 1000).feed(TWO_FRAMES, 0, TWO_FRAMES.length), frames);
    assertEquals(0, parser.pending());
  }

  @Test
  void givesTheSameFramesInSeededRandomSplits() {
    List<RecordedFrame> whole = new RawFrameParser(0, 1000).feed(TWO_FRAMES, 0, TWO_FRAMES.length);
    Random random = new Random(42);
    for (int round = 0; round < 50; round++) {
      RawFrameParser parser = new RawFrameParser(0, 1000);
      List<RecordedFrame> frames = new ArrayList<>();
      int at = 0;
      while (at < TWO_FRAMES.length) {
        int n = 1 + random.nextInt(TWO_FRAMES.length - at);
        frames.addAll(parser.feed(TWO_FRAMES, at, n));
        at += n;
      }
      assertEquals(whole, frames, "round " + round);
    }
  }

  @Test
  void reads16And64BitLengths() {
    byte[] medium = RawFrames.binary(new byte[300]); // 82 7e 01 2c ...
    byte[] large = RawFrames.binary(new byte[70_000]); // 82 7f 00 00 00 00 00 01 11 70 ...
    assertArrayEquals(Hex.decode("82 7e 01 2c"), Arrays.copyOf(medium, 4));

    RawFrameParser parser = new RawFrameParser(0, 100_000);
    assertEquals(300, parser.feed(medium, 0, medium.length).get(0).payload().length);
    assertEquals(70_000, parser.feed(large, 0, large.length).get(0).payload().length);
  }

  @Test
  void reportsReservedBitsOpcodesAndOversizedControlFramesAsTheyAre() {
    byte[] odd = Hex.decode("f3 00   // FIN RSV1 RSV2 RSV3 opcode=3 (reserved) len=0");
    byte[] bigPing = RawFrames.frame(true, 0, RawFrames.PING, new byte[200]);

    RawFrameParser parser = new RawFrameParser(0, 1000);
    RecordedFrame reserved = parser.feed(odd, 0, odd.length).get(0);
    RecordedFrame ping = parser.feed(bigPing, 0, bigPing.length).get(0);

    assertEquals(7, reserved.rsv());
    assertEquals(3, reserved.opcode());
    assertTrue(ping.isControl());
    assertEquals(200, ping.payload().length);
  }

  @Test
  void stopsForGoodAtAFrameLongerThanTheLimit() {
    byte[] huge = RawFrames.header(true, 0, RawFrames.BINARY, 1L << 62);
    RawFrameParser parser = new RawFrameParser(0, 1000);

    assertTrue(parser.feed(huge, 0, huge.length).isEmpty());
    assertTrue(parser.overflowed());
    assertTrue(parser.feed(TWO_FRAMES, 0, TWO_FRAMES.length).isEmpty());
  }
}
