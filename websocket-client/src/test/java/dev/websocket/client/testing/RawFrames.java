package dev.websocket.client.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds WebSocket frames byte by byte, with no validation at all.
 *
 * <p>Netty's encoder refuses what a hostile server might send (a 200-byte ping, a reserved opcode,
 * a close code of 999); tests that need such frames write these bytes raw with {@link
 * ServerAction#sendRaw(byte[])}. The same helper builds the masked frames a hand-written client
 * sends in the fixture's own tests.
 */
public final class RawFrames {

  /** Opcode values from RFC 6455 section 5.2, as ints so reserved values can be written too. */
  public static final int CONTINUATION = 0x0,
      TEXT = 0x1,
      BINARY = 0x2,
      CLOSE = 0x8,
      PING = 0x9,
      PONG = 0xA;

  private RawFrames() {}

  /** An unmasked frame, as a server sends it. {@code rsv} is the three RSV bits as 0..7. */
  public static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
    return encode(fin, rsv, opcode, payload, null);
  }

  /** A masked frame, as a client sends it, masked with the given 4-byte key. */
  public static byte[] maskedFrame(
      boolean fin, int rsv, int opcode, byte[] payload, byte[] maskKey) {
    if (maskKey.length != 4) {
      throw new IllegalArgumentException("A mask key has 4 bytes, not " + maskKey.length);
    }
    return encode(fin, rsv, opcode, payload, maskKey);
  }

  /** A final unmasked text frame. */
  public static byte[] text(String text) {
    return frame(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A final unmasked binary frame. */
  public static byte[] binary(byte[] payload) {
    return frame(true, 0, BINARY, payload);
  }

  /** An unmasked close frame carrying {@code code} (written as given, valid or not) and reason. */
  public static byte[] close(int code, String reason) {
    return frame(true, 0, CLOSE, closePayload(code, reason));
  }

  /** The payload of a close frame: the 2-byte code, big-endian, then the UTF-8 reason. */
  public static byte[] closePayload(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + text.length];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, text.length);
    return payload;
  }

  /** Concatenates frames so they go out in one write. */
  public static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  /**
   * Only the header of a frame announcing {@code length} payload bytes (up to 2^63-1), for tests of
   * huge or truncated frames where the payload is never sent.
   */
  public static byte[] header(boolean fin, int rsv, int opcode, long length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(10);
    writeHeader(out, fin, rsv, opcode, length, false);
    return out.toByteArray();
  }

  private static byte[] encode(boolean fin, int rsv, int opcode, byte[] payload, byte[] maskKey) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
    writeHeader(out, fin, rsv, opcode, payload.length, maskKey != null);
    if (maskKey == null) {
      out.write(payload, 0, payload.length);
    } else {
      out.write(maskKey, 0, 4);
      for (int i = 0; i < payload.length; i++) {
        out.write(payload[i] ^ maskKey[i & 3]);
      }
    }
    return out.toByteArray();
  }

  private static void writeHeader(
      ByteArrayOutputStream out, boolean fin, int rsv, int opcode, long length, boolean masked) {
    out.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | (opcode & 0xf));
    int maskBit = masked ? 0x80 : 0;
    if (length < 126) {
      out.write(maskBit | (int) length);
    } else if (length <= 0xffff) {
      out.write(maskBit | 126);
      out.write((int) (length >> 8));
      out.write((int) length);
    } else {
      out.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (length >> shift));
      }
    }
  }
}
