package dev.websocket.codec.deflate;

import static dev.websocket.codec.deflate.Vectors.utf8;
import static dev.websocket.codec.deflate.Vectors.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound adapter: which frames get compressed, and RSV1 on the first frame only (RFC 7692
 * section 6).
 */
class PerMessageDeflateEncoderTest {

  private static final PerMessageDeflateConfig NO_THRESHOLD =
      PerMessageDeflateConfig.builder().compressionThreshold(0).build();

  private MessageDeflater deflater = new MessageDeflater(DeflateParameters.DEFAULT, 6);
  private EmbeddedChannel channel = new EmbeddedChannel(new PerMessageDeflateEncoder(deflater, 0));

  @AfterEach
  void finish() {
    channel.finishAndReleaseAll();
  }

  /** Writes a frame and returns the one frame that came out, in wire hex; the frame is released. */
  private String send(Frame frame) {
    assertTrue(channel.writeOutbound(frame));
    Frame out = channel.readOutbound();
    try {
      return wire(out);
    } finally {
      out.release();
    }
  }

  @Test
  void aTextMessageLeavesAsTheRfcExample() {
    // c1 07: FIN, RSV1, TEXT, length 7 | f2 48 cd c9 c9 07 00: "Hello" (RFC 7692 section 7.2.3.1)
    assertEquals(Vectors.normalized("c1 07 f2 48 cd c9 c9 07 00"), send(Frame.text("Hello")));
  }

  @Test
  void theSecondMessageSharesTheWindow() {
    assertEquals(Vectors.normalized("c1 07 f2 48 cd c9 c9 07 00"), send(Frame.text("Hello")));
    // c1 05 f2 00 11 00 00: one back reference into the first message (RFC 7692 section 7.2.3.2).
    assertEquals(Vectors.normalized("c1 05 f2 00 11 00 00"), send(Frame.text("Hello")));
  }

  @Test
  void withClientNoContextTakeoverBothMessagesAreTheSame() {
    channel.finishAndReleaseAll();
    channel =
        new EmbeddedChannel(
            new PerMessageDeflateEncoder(
                DeflateParameters.builder().clientNoContextTakeover(true).build(), NO_THRESHOLD));
    assertEquals(Vectors.normalized("c1 07 f2 48 cd c9 c9 07 00"), send(Frame.text("Hello")));
    assertEquals(Vectors.normalized("c1 07 f2 48 cd c9 c9 07 00"), send(Frame.text("Hello")));
  }

  @Test
  void aBinaryMessageGetsRsv1Too() {
    // c2: FIN, RSV1, BINARY
    assertEquals(
        Vectors.normalized("c2 07 f2 48 cd c9 c9 07 00"), send(Frame.binary(utf8("Hello"))));
  }

  @Test
  void messagesBelowTheThresholdPassUntouched() {
    channel.finishAndReleaseAll();
    channel = new EmbeddedChannel(new PerMessageDeflateEncoder(DeflateParameters.DEFAULT));
    Frame small = Frame.binary(Unpooled.buffer(1023).writeZero(1023));
    channel.writeOutbound(small);
    Frame out = channel.readOutbound();
    assertSame(small, out);
    assertEquals(0, out.rsv());
    out.release();
    // At the threshold it is compressed: 1024 zero bytes shrink to a few.
    Frame big = Frame.binary(Unpooled.buffer(1024).writeZero(1024));
    channel.writeOutbound(big);
    out = channel.readOutbound();
    assertTrue(out.rsv1());
    assertTrue(out.length() < 20, out.toString());
    out.release();
  }

  @Test
  void controlFramesPassUntouchedInsideAFragmentedMessage() {
    // 41: TEXT, RSV1, not final; then a PING (89) untouched; then the final CONTINUATION (80).
    String first = send(new Frame(Opcode.TEXT, false, 0, utf8("Hel")));
    assertTrue(first.startsWith("41 "), first);
    assertEquals(Vectors.normalized("89 02 68 69"), send(Frame.ping(utf8("hi"))));
    String last = send(Frame.continuation(true, utf8("lo")));
    assertTrue(last.startsWith("80 "), last);
  }

  @Test
  void aFragmentedMessageIsOneStreamWithRsv1OnTheFirstFrameOnly() {
    List<Frame> frames = new ArrayList<>();
    channel.writeOutbound(new Frame(Opcode.TEXT, false, 0, utf8("Hello, ")));
    channel.writeOutbound(Frame.continuation(false, utf8("permessage-")));
    channel.writeOutbound(Frame.continuation(true, utf8("deflate")));
    for (Frame f; (f = channel.readOutbound()) != null; ) {
      frames.add(f);
    }
    assertEquals(3, frames.size());
    assertTrue(frames.get(0).rsv1());
    assertFalse(frames.get(1).rsv1());
    assertFalse(frames.get(2).rsv1());
    assertEquals("Hello, permessage-deflate", PerMessageDeflateDecoderTest.inflateAll(frames));
  }

  @Test
  void withASmallClientWindowLargeAndFragmentedMessagesGoUncompressed() {
    channel.finishAndReleaseAll();
    channel =
        new EmbeddedChannel(
            new PerMessageDeflateEncoder(
                DeflateParameters.builder().clientMaxWindowBits(10).build(), NO_THRESHOLD));
    // 1024 bytes fit a 10-bit window: compressed.
    channel.writeOutbound(Frame.binary(Unpooled.buffer(1024).writeZero(1024)));
    Frame out = channel.readOutbound();
    assertTrue(out.rsv1());
    out.release();
    // 1025 bytes do not: sent as they are.
    channel.writeOutbound(Frame.binary(Unpooled.buffer(1025).writeZero(1025)));
    out = channel.readOutbound();
    assertFalse(out.rsv1());
    assertEquals(1025, out.length());
    out.release();
    // Fragments: the total is unknown up front, so the whole message goes uncompressed.
    assertEquals(
        Vectors.normalized("01 03 48 65 6c"), send(new Frame(Opcode.TEXT, false, 0, utf8("Hel"))));
    assertEquals(Vectors.normalized("80 02 6c 6f"), send(Frame.continuation(true, utf8("lo"))));
  }

  @Test
  void aMessageTheApplicationCompressedPassesUntouched() {
    Frame precompressed = new Frame(Opcode.TEXT, false, Frame.RSV1, Vectors.buf("f2 48 cd"));
    assertEquals(Vectors.normalized("41 03 f2 48 cd"), send(precompressed));
    assertEquals(
        Vectors.normalized("80 04 c9 c9 07 00"),
        send(Frame.continuation(true, Vectors.buf("c9 c9 07 00"))));
  }

  @Test
  void otherReservedBitsAreKept() {
    // RSV2 (0x20) from another extension survives next to RSV1 (0x40): e2 = FIN, RSV1, RSV2,
    // BINARY.
    String out = send(new Frame(Opcode.BINARY, true, Frame.RSV2, utf8("Hello")));
    assertEquals(Vectors.normalized("e2 07 f2 48 cd c9 c9 07 00"), out);
  }

  @Test
  void closingTheChannelFreesTheDeflater() {
    assertFalse(deflater.isClosed());
    channel.finishAndReleaseAll();
    assertTrue(deflater.isClosed());
    assertNull(channel.readOutbound());
  }

  @Test
  void removingTheHandlerFreesTheDeflater() {
    channel.pipeline().removeFirst();
    assertTrue(deflater.isClosed());
  }

  @Test
  void theInputFrameIsReleasedAfterCompression() {
    ByteBuf payload = utf8("Hello");
    channel.writeOutbound(Frame.text(payload));
    assertEquals(0, payload.refCnt());
    Frame out = channel.readOutbound();
    out.release();
  }
}
