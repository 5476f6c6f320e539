package dev.websocket.codec.deflate;

import static dev.websocket.codec.deflate.Vectors.frame;
import static dev.websocket.codec.deflate.Vectors.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Frame;
import dev.websocket.codec.FrameDecoder;
import dev.websocket.codec.FrameDecoderConfig;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.ProtocolViolationException;
import dev.websocket.testing.Hex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The inbound adapter: compressed messages in, plain frames out (RFC 7692 section 7.2.2). */
class PerMessageDeflateDecoderTest {

  private static final long LIMIT = 1024 * 1024;

  private MessageInflater inflater = new MessageInflater(DeflateParameters.DEFAULT, LIMIT, true);
  private EmbeddedChannel channel = new EmbeddedChannel(new PerMessageDeflateDecoder(inflater));

  @AfterEach
  void finish() {
    channel.finishAndReleaseAll();
  }

  /** Feeds frames and returns every frame that came out; the caller releases them. */
  private List<Frame> receive(Frame... frames) {
    channel.writeInbound((Object[]) frames);
    List<Frame> out = new ArrayList<>();
    for (Frame f; (f = channel.readInbound()) != null; ) {
      out.add(f);
    }
    return out;
  }

  private static String describe(List<Frame> frames) {
    StringBuilder sb = new StringBuilder();
    for (Frame f : frames) {
      if (sb.length() > 0) {
        sb.append(" | ");
      }
      sb.append(wire(f));
      f.release();
    }
    return sb.toString();
  }

  /** Inflates the frames of one compressed message with a fresh inflater and releases them. */
  static String inflateAll(List<Frame> frames) {
    MessageInflater inflater = new MessageInflater(DeflateParameters.DEFAULT, Long.MAX_VALUE, true);
    inflater.startMessage(frames.get(0).opcode());
    StringBuilder text = new StringBuilder();
    for (Frame frame : frames) {
      ByteBuf out = inflater.inflate(frame.content(), frame.isFinal(), ByteBufAllocator.DEFAULT);
      text.append(out.toString(StandardCharsets.UTF_8));
      out.release();
      frame.release();
    }
    inflater.close();
    return text.toString();
  }

  @Test
  void aCompressedTextFrameLeavesInflatedWithoutRsv1() {
    // In: c1 07 f2 48 cd c9 c9 07 00 (FIN, RSV1, TEXT, "Hello" compressed)
    // Out: 81 05 48 65 6c 6c 6f (FIN, TEXT, "Hello")
    assertEquals(
        Vectors.normalized("81 05 48 65 6c 6c 6f"),
        describe(receive(frame("c1 07 f2 48 cd c9 c9 07 00"))));
  }

  @Test
  void aSharedWindowSpansMessages() {
    assertEquals(
        Vectors.normalized("81 05 48 65 6c 6c 6f"),
        describe(receive(frame("c1 07 f2 48 cd c9 c9 07 00"))));
    // c1 05 f2 00 11 00 00: a back reference into the previous message (RFC 7692 section 7.2.3.2).
    assertEquals(
        Vectors.normalized("81 05 48 65 6c 6c 6f"),
        describe(receive(frame("c1 05 f2 00 11 00 00"))));
  }

  @Test
  void aStoredBlockIsInflated() {
    // c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00: "Hello" in a BTYPE=00 block (RFC 7692 section
    // 7.2.3.3)
    assertEquals(
        Vectors.normalized("81 05 48 65 6c 6c 6f"),
        describe(receive(frame("c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00"))));
  }

  @Test
  void aFragmentedCompressedMessageKeepsItsFrames() {
    // 41 03 f2 48 cd: TEXT, RSV1, not final; 80 04 c9 c9 07 00: CONTINUATION, final.
    List<Frame> out = receive(frame("41 03 f2 48 cd"), frame("80 04 c9 c9 07 00"));
    assertEquals(2, out.size());
    assertEquals(Opcode.TEXT, out.get(0).opcode());
    assertFalse(out.get(0).isFinal());
    assertEquals(0, out.get(0).rsv());
    assertEquals(Opcode.CONTINUATION, out.get(1).opcode());
    assertTrue(out.get(1).isFinal());
    assertEquals("Hello", out.get(0).text() + out.get(1).text());
    out.forEach(Frame::release);
  }

  @Test
  void controlFramesPassInsideACompressedMessage() {
    List<Frame> out =
        receive(frame("41 03 f2 48 cd"), frame("89 02 68 69"), frame("80 04 c9 c9 07 00"));
    assertEquals(3, out.size());
    assertEquals(Vectors.normalized("89 02 68 69"), wire(out.get(1)));
    assertEquals("Hello", out.get(0).text() + out.get(2).text());
    out.forEach(Frame::release);
  }

  @Test
  void uncompressedMessagesPassUntouched() {
    Frame plain = frame("01 03 48 65 6c");
    Frame rest = frame("80 02 6c 6f");
    List<Frame> out = receive(plain, rest);
    assertSame(plain, out.get(0));
    assertSame(rest, out.get(1));
    out.forEach(Frame::release);
  }

  @Test
  void compressedAndPlainMessagesMix() {
    assertEquals(
        Vectors.normalized("81 05 48 65 6c 6c 6f")
            + " | "
            + Vectors.normalized("82 02 68 69")
            + " | "
            + Vectors.normalized("81 05 48 65 6c 6c 6f"),
        describe(
            receive(
                frame("c1 07 f2 48 cd c9 c9 07 00"),
                frame("82 02 68 69"),
                frame("c1 05 f2 00 11 00 00"))));
  }

  /** Bytes through the frame decoder (RSV1 allowed, as after negotiation) and then this decoder. */
  private void receiveWire(String hex) {
    channel.close();
    channel =
        new EmbeddedChannel(
            new FrameDecoder(FrameDecoderConfig.builder().allowedRsv(Frame.RSV1).build()),
            new PerMessageDeflateDecoder(
                inflater = new MessageInflater(DeflateParameters.DEFAULT, LIMIT, true)));
    channel.writeInbound(Hex.buf(hex));
  }

  @Test
  void rsv1OnAContinuationFrameFailsWith1002() {
    // 41 03 ...: TEXT, RSV1, not final; c0 04 ...: CONTINUATION with RSV1, final
    ProtocolViolationException e =
        assertThrows(
            ProtocolViolationException.class,
            () -> receiveWire("41 03 f2 48 cd  c0 04 c9 c9 07 00"));
    assertEquals(CloseStatus.PROTOCOL_ERROR, e.closeStatus());
    assertEquals("RSV1 set on a CONTINUATION frame", e.getMessage());
  }

  @Test
  void aNewMessageInsideAFragmentedCompressedOneFailsWith1002() {
    ProtocolViolationException e =
        assertThrows(
            ProtocolViolationException.class, () -> receiveWire("41 03 f2 48 cd  81 02 68 69"));
    assertEquals(CloseStatus.PROTOCOL_ERROR, e.closeStatus());
    assertEquals("New TEXT message while a fragmented TEXT message is open", e.getMessage());
  }

  @Test
  void rsv1OnAControlFrameFailsWith1002() {
    ProtocolViolationException e =
        assertThrows(ProtocolViolationException.class, () -> receiveWire("c9 00"));
    assertEquals(CloseStatus.PROTOCOL_ERROR, e.closeStatus());
    assertEquals("RSV1 set on a PING frame", e.getMessage());
  }

  @Test
  void corruptDataFailsWith1007() {
    // c2 01 ff: BINARY, RSV1; ff is a block of the reserved type 11.
    ProtocolViolationException e =
        assertThrows(
            ProtocolViolationException.class, () -> channel.writeInbound(frame("c2 01 ff")));
    assertEquals(CloseStatus.INVALID_PAYLOAD, e.closeStatus());
    assertEquals("Invalid compressed data: invalid block type", e.getMessage());
    assertInstanceOf(DataFormatException.class, e.getCause());
  }

  @Test
  void aBombFailsWith1009AndLaterDataIsDropped() {
    byte[] bomb = Vectors.jdkDeflate(new byte[10 * 1024 * 1024], 9);
    Frame frame = new Frame(Opcode.BINARY, true, Frame.RSV1, Unpooled.wrappedBuffer(bomb));
    ProtocolViolationException e =
        assertThrows(ProtocolViolationException.class, () -> channel.writeInbound(frame));
    assertEquals(CloseStatus.MESSAGE_TOO_BIG, e.closeStatus());
    assertEquals("Inflated message exceeds the limit of 1048576 bytes", e.getMessage());
    assertEquals(0, frame.refCnt());
    // The connection is failing: data is dropped, the close handshake still gets through.
    Frame data = frame("c1 07 f2 48 cd c9 c9 07 00");
    Frame close = frame("88 02 03 f1");
    assertEquals(Vectors.normalized("88 02 03 f1"), describe(receive(data, close)));
    assertEquals(0, data.refCnt());
  }

  @Test
  void invalidUtf8InACompressedTextMessageFailsWith1007() {
    Frame frame =
        new Frame(
            Opcode.TEXT,
            true,
            Frame.RSV1,
            Unpooled.wrappedBuffer(Vectors.jdkDeflate(Vectors.bytes("48 69 c0 af"), 6)));
    ProtocolViolationException e =
        assertThrows(ProtocolViolationException.class, () -> channel.writeInbound(frame));
    assertEquals(CloseStatus.INVALID_PAYLOAD, e.closeStatus());
    assertEquals("Invalid UTF-8 in text message at byte 2", e.getMessage());
  }

  @Test
  void closingTheChannelFreesTheInflater() {
    assertFalse(inflater.isClosed());
    channel.close();
    assertTrue(inflater.isClosed());
  }

  @Test
  void removingTheHandlerFreesTheInflater() {
    channel.pipeline().removeFirst();
    assertTrue(inflater.isClosed());
    assertNull(channel.readInbound());
  }

  @Test
  void theEncoderAndDecoderAgreeOverManyMessages() {
    // Encoder output fed to the decoder: context takeover, mixed sizes, fragmented and whole.
    EmbeddedChannel sender =
        new EmbeddedChannel(
            new PerMessageDeflateEncoder(
                DeflateParameters.DEFAULT,
                PerMessageDeflateConfig.builder().compressionThreshold(64).build()));
    Random random = new Random(7);
    for (int m = 0; m < 50; m++) {
      StringBuilder sb = new StringBuilder();
      int words = random.nextInt(400);
      for (int w = 0; w < words; w++) {
        sb.append(random.nextBoolean() ? "alpha " : "beta ")
            .append(random.nextInt(100))
            .append(' ');
      }
      String text = sb.toString();
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      if (m % 3 == 0 && utf8.length > 2) {
        int cut = utf8.length / 2;
        sender.writeOutbound(
            new Frame(Opcode.TEXT, false, 0, Unpooled.wrappedBuffer(utf8, 0, cut)));
        sender.writeOutbound(
            Frame.continuation(true, Unpooled.wrappedBuffer(utf8, cut, utf8.length - cut)));
      } else {
        sender.writeOutbound(Frame.text(text));
      }
      StringBuilder received = new StringBuilder();
      for (Frame f; (f = sender.readOutbound()) != null; ) {
        for (Frame in : receive(f)) {
          received.append(in.text());
          in.release();
        }
      }
      assertEquals(text, received.toString(), "message " + m);
    }
    sender.finishAndReleaseAll();
  }
}
