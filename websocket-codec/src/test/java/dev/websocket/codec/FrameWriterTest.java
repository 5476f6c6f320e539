package dev.websocket.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.websocket.testing.Hex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameWriterTest {

  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  private static String encode(FrameWriter writer, Frame frame) {
    ByteBuf out = writer.encode(frame, ALLOC);
    try {
      return ByteBufUtil.hexDump(out);
    } finally {
      out.release();
      frame.release();
    }
  }

  @Test
  void rfcMaskedHelloWithTheRfcKey() {
    FrameWriter writer = new FrameWriter(() -> 0x37fa213d);
    assertEquals(
        ByteBufUtil.hexDump(
            Hex.decode("81 85 37 fa 21 3d 7f 9f 4d 51 58 // FIN TEXT MASK len=5 \"Hello\"")),
        encode(writer, Frame.text("Hello")));
  }

  @Test
  void unmaskedHelloFromAServer() {
    assertEquals("810548656c6c6f", encode(new FrameWriter(null), Frame.text("Hello")));
  }

  @Test
  void seededMasksGiveFixedBytes() {
    FrameWriter writer = new FrameWriter(MaskKeySource.fromRandom(new Random(0)));
    // new Random(0).nextInt() == 0xbb20b460 (-1155484576)
    assertEquals(
        "8985bb20b460f345d80cd4",
        encode(writer, Frame.ping(Unpooled.wrappedBuffer("Hello".getBytes()))));
  }

  @Test
  void lengthEncodingsAtEachBoundary() {
    FrameWriter writer = new FrameWriter(null);
    assertEquals("827d", encode(writer, Frame.binary(new byte[125])).substring(0, 4));
    assertEquals("827e007e", encode(writer, Frame.binary(new byte[126])).substring(0, 8));
    assertEquals("827effff", encode(writer, Frame.binary(new byte[65535])).substring(0, 8));
    assertEquals(
        "827f0000000000010000", encode(writer, Frame.binary(new byte[65536])).substring(0, 20));
  }

  @Test
  void headerCarriesFinRsvAndOpcode() {
    FrameWriter writer = new FrameWriter(null);
    assertEquals(
        "4100", encode(writer, new Frame(Opcode.TEXT, false, Frame.RSV1, Unpooled.EMPTY_BUFFER)));
    assertEquals("8000", encode(writer, Frame.continuation(true, Unpooled.EMPTY_BUFFER)));
    assertEquals("880203e8", encode(writer, Frame.close(CloseStatus.NORMAL, "")));
  }

  @Test
  void userMaskKeySupplierMustReturnFourBytes() {
    FrameWriter writer = new FrameWriter(MaskKeySource.fromSupplier(() -> new byte[] {1, 2, 3}));
    Frame frame = Frame.text("x");
    try {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> writer.encode(frame, ALLOC));
      assertEquals("Mask key supplier must return 4 bytes, returned 3 bytes", e.getMessage());
    } finally {
      frame.release();
    }
  }

  @Test
  void userMaskKeySupplierIsUsed() {
    FrameWriter writer =
        new FrameWriter(
            MaskKeySource.fromSupplier(() -> new byte[] {0x37, (byte) 0xfa, 0x21, 0x3d}));
    assertEquals("818537fa213d7f9f4d5158", encode(writer, Frame.text("Hello")));
  }

  @Test
  void closeReasonLongerThan123BytesIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Frame.close(CloseStatus.NORMAL, "é".repeat(62)));
    assertEquals("Close reason is 124 bytes in UTF-8; the limit is 123", e.getMessage());
    Frame ok = Frame.close(CloseStatus.NORMAL, "a".repeat(123));
    assertEquals(125, ok.length());
    ok.release();
  }

  @Test
  void closeCodeThatMayNotBeSentIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Frame.close(1005, ""));
    assertEquals("Close status may not be sent on the wire: 1005", e.getMessage());
  }

  @Test
  void secureRandomKeysDiffer() {
    MaskKeySource keys = MaskKeySource.secureRandom();
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int i = 0; i < 1000; i++) {
      seen.add(keys.nextKey());
    }
    // 1000 draws of 32 random bits: a collision is a one-in-ten-thousand event.
    assertEquals(true, seen.size() >= 999, "keys repeat: " + seen.size());
  }

  @Test
  void secureRandomKeysGoOnDifferingAfterTheKeystreamIsRekeyed() {
    MaskKeySource keys = MaskKeySource.secureRandom();
    // Run this thread's keystream past its next rekey (at most one key and batch budget away).
    for (int i = 0; i < SecureRandomMaskKeys.REKEY_BATCHES * SecureRandomMaskKeys.BATCH_KEYS; i++) {
      keys.nextKey();
    }
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int i = 0; i < 1000; i++) {
      seen.add(keys.nextKey());
    }
    assertEquals(true, seen.size() >= 999, "keys repeat after a rekey: " + seen.size());
  }
}
