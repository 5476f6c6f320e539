package dev.websocket.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;

/**
 * Hex strings for readable test vectors, the one helper every module's tests share.
 *
 * <p>{@link #decode} accepts the style the test guide asks for: bytes separated by any whitespace,
 * optionally grouped ({@code "48656c6c6f"}), with {@code //} comments to the end of the line that
 * say what the bytes mean:
 *
 * <pre>{@code
 * Hex.decode("""
 *     81 05 48 65 6c 6c 6f   // FIN TEXT len=5 "Hello"
 *     89 00                  // FIN PING len=0
 *     """);
 * }</pre>
 */
public final class Hex {

  private Hex() {}

  /**
   * Decodes hex digits, ignoring whitespace and {@code //} comments.
   *
   * @throws IllegalArgumentException for a character that is not a hex digit or an odd number of
   *     digits
   */
  public static byte[] decode(String hex) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int high = -1;
    for (String line : hex.split("\n", -1)) {
      int comment = line.indexOf("//");
      String digits = comment >= 0 ? line.substring(0, comment) : line;
      for (int i = 0; i < digits.length(); i++) {
        char c = digits.charAt(i);
        if (Character.isWhitespace(c)) {
          continue;
        }
        int value = Character.digit(c, 16);
        if (value < 0) {
          throw new IllegalArgumentException("Not a hex digit '" + c + "' in: " + hex);
        }
        if (high < 0) {
          high = value;
        } else {
          out.write(high << 4 | value);
          high = -1;
        }
      }
    }
    if (high >= 0) {
      throw new IllegalArgumentException("Odd number of hex digits in: " + hex);
    }
    return out.toByteArray();
  }

  /** A heap buffer over {@link #decode(String)}; the caller owns it. */
  public static ByteBuf buf(String hex) {
    return Unpooled.wrappedBuffer(decode(hex));
  }

  /** Encodes bytes as lower-case hex pairs separated by single spaces. */
  public static String encode(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }

  /**
   * Encodes a buffer's readable bytes as {@link #encode(byte[])} does, without moving its indices.
   */
  public static String encode(ByteBuf buf) {
    byte[] bytes = new byte[buf.readableBytes()];
    buf.getBytes(buf.readerIndex(), bytes);
    return encode(bytes);
  }
}
