package dev.websocket.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.websocket.testing.Hex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Random frames of every opcode and boundary length, encoded then decoded, are unchanged. */
class RoundTripTest {

  private static final int[] LENGTHS = {
    0, 1, 125, 126, 127, 65535, 65536, 70000, 3 * FrameDecoder.GATHER_THRESHOLD + 7
  };

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {0, 1, 2, 3, 4, 5, 6, 7})
  void encodeThenDecodeGivesTheSameFrame(long seed) {
    Random random = new Random(seed);
    FrameWriter client = new FrameWriter(MaskKeySource.fromRandom(random));
    FrameWriter server = new FrameWriter(null);
    for (Opcode opcode : Opcode.values()) {
      for (int length : LENGTHS) {
        if (opcode.isControl() && length > Frame.MAX_CONTROL_PAYLOAD) {
          continue;
        }
        byte[] payload = new byte[length];
        random.nextBytes(payload);
        if (opcode == Opcode.CLOSE && length > 0) {
          if (length == 1) {
            continue;
          }
          payload[0] = 0x03; // 1000 + ...: keep the code valid on the wire
          payload[1] = (byte) 0xe8;
          for (int i = 2; i < length; i++) {
            payload[i] = (byte) ('a' + (payload[i] & 15)); // an ASCII reason
          }
        }
        if (opcode == Opcode.TEXT || opcode == Opcode.CONTINUATION) {
          for (int i = 0; i < length; i++) {
            payload[i] &= 0x7F; // ASCII is valid UTF-8 however it is split
          }
        }
        boolean fin = opcode.isControl() || random.nextBoolean();
        roundTrip(server, FrameDecoderConfig.CLIENT, opcode, fin, payload);
        roundTrip(client, FrameDecoderConfig.SERVER, opcode, fin, payload);
      }
    }
  }

  private static void roundTrip(
      FrameWriter writer, FrameDecoderConfig config, Opcode opcode, boolean fin, byte[] payload) {
    FrameParser parser = new FrameParser(config);
    if (opcode == Opcode.CONTINUATION) {
      // A continuation needs an open message before it.
      Frame opener = new Frame(Opcode.BINARY, false, 0, Unpooled.EMPTY_BUFFER);
      ByteBuf wire = writer.encode(opener, ByteBufAllocator.DEFAULT);
      parser.parse(wire).release();
      wire.release();
    }
    Frame sent = new Frame(opcode, fin, 0, Unpooled.wrappedBuffer(payload));
    ByteBuf wire = writer.encode(sent, ByteBufAllocator.DEFAULT);
    try {
      Frame received = parser.parse(wire);
      assertNotNull(received, opcode + " " + payload.length);
      try {
        assertEquals(opcode, received.opcode());
        assertEquals(fin, received.isFinal());
        assertEquals(0, received.rsv());
        assertEquals(
            Hex.encode(payload), Hex.encode(received.payload()), opcode + " " + payload.length);
        assertEquals(0, wire.readableBytes());
      } finally {
        received.release();
      }
    } finally {
      wire.release();
    }
  }
}
