package dev.websocket.wsdump;

/**
 * Writes bytes the way Python's {@code repr(bytes)} does, {@code b'\x00ab\n'}: the form Python's
 * wsdump prints a binary message in, readable and unambiguous whatever the payload holds.
 */
final class BytesRepr {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private BytesRepr() {}

  /**
   * {@code b'...'}, or {@code b"..."} when the bytes hold a single quote and no double quote, as
   * Python chooses.
   */
  static String of(byte[] bytes) {
    boolean hasSingle = false;
    boolean hasDouble = false;
    for (byte b : bytes) {
      hasSingle |= b == '\'';
      hasDouble |= b == '"';
    }
    char quote = hasSingle && !hasDouble ? '"' : '\'';
    StringBuilder out = new StringBuilder(bytes.length + 3).append('b').append(quote);
    for (byte b : bytes) {
      int c = b & 0xFF;
      if (c == quote || c == '\\') {
        out.append('\\').append((char) c);
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c >= 0x20 && c < 0x7F) {
        out.append((char) c);
      } else {
        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return out.append(quote).toString();
  }
}
