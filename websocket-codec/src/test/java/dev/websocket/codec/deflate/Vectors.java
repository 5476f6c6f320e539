package dev.websocket.codec.deflate;

import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import dev.websocket.testing.Hex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * Byte vectors for the deflate tests: hex with spaces and {@code //} comments, unmasked frames on
 * the wire, and plain JDK compression to check against.
 */
final class Vectors {
  private Vectors() {}

  /** Bytes of a hex string; whitespace and {@code //} comments to the end of a line are ignored. */
  static byte[] bytes(String hex) {
    return Hex.decode(hex);
  }

  /** A heap buffer over {@link #bytes(String)}. */
  static ByteBuf buf(String hex) {
    return Hex.buf(hex);
  }

  /** The readable bytes as lower-case hex, one space between bytes. */
  static String hex(ByteBuf buf) {
    return spaced(ByteBufUtil.hexDump(buf));
  }

  /** The bytes as lower-case hex, one space between bytes. */
  static String hex(byte[] bytes) {
    return spaced(ByteBufUtil.hexDump(bytes));
  }

  /** Normalises a hex vector (comments, spacing) for comparison with {@link #hex}. */
  static String normalized(String hex) {
    return hex(bytes(hex));
  }

  private static String spaced(String hex) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(hex, i, i + 2);
    }
    return sb.toString();
  }

  static ByteBuf utf8(String text) {
    return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8));
  }

  static String string(ByteBuf buf) {
    return buf.toString(StandardCharsets.UTF_8);
  }

  /** An unmasked frame as a server sends it (RFC 6455 section 5.2), parsed from hex. */
  static Frame frame(String wireHex) {
    byte[] b = bytes(wireHex);
    boolean fin = (b[0] & 0x80) != 0;
    int rsv = (b[0] >> 4) & 0b111;
    Opcode opcode = Opcode.of(b[0] & 0x0F);
    if ((b[1] & 0x80) != 0) {
      throw new IllegalArgumentException("Masked frames are not supported here");
    }
    int lengthCode = b[1] & 0x7F;
    int headerLength = 2;
    long length = lengthCode;
    if (lengthCode == 126) {
      length = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
      headerLength = 4;
    } else if (lengthCode == 127) {
      length = 0;
      for (int i = 2; i < 10; i++) {
        length = (length << 8) | (b[i] & 0xFF);
      }
      headerLength = 10;
    }
    if (b.length != headerLength + length) {
      throw new IllegalArgumentException(
          "Frame says " + length + " payload bytes but has " + (b.length - headerLength));
    }
    return new Frame(opcode, fin, rsv, Unpooled.wrappedBuffer(b, headerLength, (int) length));
  }

  /** A frame as it would go on the wire unmasked, in hex. The frame is not released. */
  static String wire(Frame frame) {
    int length = frame.content().readableBytes();
    ByteBuf out = Unpooled.buffer(10 + length);
    out.writeByte((frame.isFinal() ? 0x80 : 0) | frame.rsv() << 4 | frame.opcode().code());
    if (length < 126) {
      out.writeByte(length);
    } else if (length <= 0xFFFF) {
      out.writeByte(126).writeShort(length);
    } else {
      out.writeByte(127).writeLong(length);
    }
    out.writeBytes(frame.content(), frame.content().readerIndex(), length);
    String hex = hex(out);
    out.release();
    return hex;
  }

  /**
   * Raw DEFLATE of one message with a fresh JDK deflater and a sync flush, tail removed: an
   * independent reference for the deflater under test.
   */
  static byte[] jdkDeflate(byte[] message, int level) {
    Deflater deflater = new Deflater(level, true);
    try {
      deflater.setInput(message);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[64 * 1024];
      int n;
      do {
        n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
        out.write(chunk, 0, n);
      } while (n == chunk.length || !deflater.needsInput());
      byte[] all = out.toByteArray();
      return java.util.Arrays.copyOf(all, all.length - 4);
    } finally {
      deflater.end();
    }
  }
}
