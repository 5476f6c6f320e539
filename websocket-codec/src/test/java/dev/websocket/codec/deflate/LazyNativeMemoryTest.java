package dev.websocket.codec.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * zlib's native state (a few hundred KiB per deflater and inflater pair) is taken by the first
 * compressed message in each direction, not by the negotiation: a WebSocket that negotiated
 * permessage-deflate but stays idle, or sends only small messages and control frames, holds none.
 */
class LazyNativeMemoryTest {

  private static final String LARGE = "compressible ".repeat(200);

  /** The client's side, as a connection negotiated it: the server's answer, then the handlers. */
  private final DeflateParameters negotiated =
      new PerMessageDeflateNegotiator(PerMessageDeflateConfig.DEFAULT)
          .negotiate("permessage-deflate; client_max_window_bits=15")
          .orElseThrow();

  private final MessageDeflater deflater =
      new MessageDeflater(negotiated, PerMessageDeflateConfig.DEFAULT_COMPRESSION_LEVEL);
  private final MessageInflater inflater = new MessageInflater(negotiated, 1 << 20, true);
  private final EmbeddedChannel client =
      new EmbeddedChannel(
          new PerMessageDeflateDecoder(inflater),
          new PerMessageDeflateEncoder(
              deflater, PerMessageDeflateConfig.DEFAULT_COMPRESSION_THRESHOLD));

  /** The peer: compresses what it sends, every message. */
  private final EmbeddedChannel server =
      new EmbeddedChannel(
          new PerMessageDeflateEncoder(
              negotiated, PerMessageDeflateConfig.builder().compressionThreshold(0).build()));

  @AfterEach
  void finish() {
    client.finishAndReleaseAll();
    server.finishAndReleaseAll();
  }

  @Test
  void aNegotiatedButIdleExtensionHoldsNoZlibState() {
    assertFalse(deflater.holdsNativeMemory());
    assertFalse(inflater.holdsNativeMemory());
  }

  @Test
  void smallMessagesAndControlFramesTakeNone() {
    // Under the compression threshold out, uncompressed in, pings both ways.
    assertEquals("hello", sendAndRead(Frame.text("hello")));
    client.writeOutbound(Frame.ping(Unpooled.wrappedBuffer(new byte[] {1})));
    releaseOutbound();
    assertEquals("plain", receive(Frame.text("plain"), false));
    client.writeInbound(Frame.ping(Unpooled.wrappedBuffer(new byte[] {2})));
    ((Frame) client.readInbound()).release();

    assertFalse(deflater.holdsNativeMemory());
    assertFalse(inflater.holdsNativeMemory());
  }

  @Test
  void theFirstCompressedMessageTakesItsDirectionOnlyAndStillRoundTrips() {
    Frame out = send(Frame.text(LARGE));
    assertTrue(out.rsv1(), "compressed");
    assertTrue(deflater.holdsNativeMemory());
    assertFalse(inflater.holdsNativeMemory(), "nothing compressed has come in yet");
    assertEquals(LARGE, inflateWithFreshInflater(out));

    assertEquals(LARGE, receive(Frame.text(LARGE), true));
    assertTrue(inflater.holdsNativeMemory());
  }

  @Test
  void closingTheChannelFreesBoth() {
    send(Frame.text(LARGE)).release();
    assertEquals(LARGE, receive(Frame.text(LARGE), true));

    client.close();

    assertFalse(deflater.holdsNativeMemory());
    assertFalse(inflater.holdsNativeMemory());
  }

  @Test
  void withNoContextTakeoverTheStateIsTakenOnceAndReusedPerMessage() {
    DeflateParameters noTakeover =
        DeflateParameters.builder()
            .clientNoContextTakeover(true)
            .serverNoContextTakeover(true)
            .build();
    MessageDeflater z = new MessageDeflater(noTakeover, 6);
    try {
      assertFalse(z.holdsNativeMemory());
      for (int i = 0; i < 3; i++) {
        ByteBuf message = Unpooled.copiedBuffer(LARGE, StandardCharsets.UTF_8);
        ByteBuf compressed = z.compress(message, ByteBufAllocator.DEFAULT);
        message.release();
        assertEquals(
            LARGE, inflateWithFreshInflater(new Frame(Opcode.TEXT, true, Frame.RSV1, compressed)));
        assertTrue(z.holdsNativeMemory());
      }
    } finally {
      z.close();
    }
    assertFalse(z.holdsNativeMemory());
  }

  /** Sends a frame through the client's encoder and returns what left, owned by the caller. */
  private Frame send(Frame frame) {
    client.writeOutbound(frame);
    return client.readOutbound();
  }

  private String sendAndRead(Frame frame) {
    Frame out = send(frame);
    try {
      assertFalse(out.rsv1(), "under the threshold: not compressed");
      return out.content().toString(StandardCharsets.UTF_8);
    } finally {
      out.release();
    }
  }

  private void releaseOutbound() {
    for (Object o; (o = client.readOutbound()) != null; ) {
      ((Frame) o).release();
    }
  }

  /** The server sends {@code frame}, compressed or not; the client's decoder reads it. */
  private String receive(Frame frame, boolean compressed) {
    Frame wire = frame;
    if (compressed) {
      server.writeOutbound(frame);
      wire = server.readOutbound();
      assertTrue(wire.rsv1());
    }
    client.writeInbound(wire);
    Frame in = client.readInbound();
    try {
      assertFalse(in.rsv1());
      return in.content().toString(StandardCharsets.UTF_8);
    } finally {
      in.release();
    }
  }

  /** Inflates one compressed whole-message frame with an inflater of its own; releases it. */
  private static String inflateWithFreshInflater(Frame frame) {
    MessageInflater fresh = new MessageInflater(DeflateParameters.DEFAULT, Long.MAX_VALUE, true);
    try {
      fresh.startMessage(frame.opcode());
      ByteBuf out = fresh.inflate(frame.content(), true, ByteBufAllocator.DEFAULT);
      try {
        return out.toString(StandardCharsets.UTF_8);
      } finally {
        out.release();
      }
    } finally {
      frame.release();
      fresh.close();
    }
  }
}
