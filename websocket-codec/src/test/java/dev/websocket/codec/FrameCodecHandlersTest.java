package dev.websocket.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The Netty adapters, with EmbeddedChannel: what they emit, fire and release. */
class FrameCodecHandlersTest {

  @Test
  void decoderEmitsFramesFromSplitReads() {
    EmbeddedChannel channel = new EmbeddedChannel(FrameDecoder.forClient());
    assertFalse(channel.writeInbound(Hex.buf("81 05 48 65")));
    assertTrue(channel.writeInbound(Hex.buf("6c 6c 6f 89 00")));
    Frame text = channel.readInbound();
    Frame ping = channel.readInbound();
    assertEquals("Hello", text.text());
    assertEquals(Opcode.PING, ping.opcode());
    text.release();
    ping.release();
    assertFalse(channel.finish());
  }

  @Test
  void decoderDeliversFramesBeforeTheViolationThenDiscards() {
    EmbeddedChannel channel = new EmbeddedChannel(FrameDecoder.forClient());
    ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
        () -> channel.writeInbound(Hex.buf("81 01 41 83 00 81 01 42")));
    assertEquals("Reserved opcode 3", e.getMessage());
    Frame before = channel.readInbound();
    assertEquals("A", before.text());
    before.release();
    channel.writeInbound(Hex.buf("81 01 43"));
    assertNull(channel.readInbound(), "input after a violation is discarded");
    assertFalse(channel.finish());
  }

  @Test
  void encoderMasksAndReleasesTheFrame() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder(() -> 0x37fa213d));
    Frame frame = Frame.text("Hello");
    assertTrue(channel.writeOutbound(frame));
    assertEquals(0, frame.refCnt());
    ByteBuf wire = channel.readOutbound();
    assertEquals("818537fa213d7f9f4d5158", Hex.of(wire));
    wire.release();
    assertFalse(channel.finish());
  }

  @Test
  void serverEncoderSendsLargePayloadsByReference() {
    EmbeddedChannel channel = new EmbeddedChannel(FrameEncoder.forServer());
    ByteBuf payload = Unpooled.directBuffer().writeZero(FrameWriter.COPY_THRESHOLD + 1);
    channel.writeOutbound(Frame.binary(payload));
    ByteBuf header = channel.readOutbound();
    ByteBuf body = channel.readOutbound();
    assertEquals("827e0401", Hex.of(header));
    assertEquals(payload, body);
    header.release();
    body.release();
    assertEquals(0, payload.refCnt());
    assertFalse(channel.finish());
  }

  @Test
  void encoderThenDecoderRoundTrip() {
    EmbeddedChannel client = new EmbeddedChannel(FrameEncoder.forClient());
    EmbeddedChannel server = new EmbeddedChannel(new FrameDecoder(FrameDecoderConfig.SERVER));
    client.writeOutbound(Frame.text("round trip"), Frame.close(CloseStatus.GOING_AWAY, "bye"));
    for (Object wire; (wire = client.readOutbound()) != null; ) {
      server.writeInbound(wire);
    }
    Frame text = server.readInbound();
    Frame close = server.readInbound();
    assertEquals("round trip", text.text());
    assertEquals(ClosePayload.of(CloseStatus.GOING_AWAY, "bye"), close.closePayload());
    text.release();
    close.release();
    assertFalse(client.finish());
    assertFalse(server.finish());
  }
}
