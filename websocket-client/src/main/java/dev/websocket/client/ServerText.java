package dev.websocket.client;

/**
 * Text a server chose (a status line, a header, a close reason, a redirect Location), made safe to
 * put in an exception message or a log line: quoted, with control characters escaped so that a
 * server cannot forge log lines or drive a terminal, and cut short so that it cannot flood one.
 */
public final class ServerText {

  /** The most characters of server text a message shows; the rest is summarised by its length. */
  public static final int MAX_SHOWN = 256;

  private ServerText() {}

  /**
   * {@code text} in double quotes, with {@code "} and {@code \} escaped by a backslash, CR, LF and
   * tab as {@code \r \n \t}, and every other control character as {@code \}{@code uXXXX}; {@code
   * null} for null.
   */
  public static String quote(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_SHOWN) + 2).append('"');
    int shown = Math.min(text.length(), MAX_SHOWN);
    for (int i = 0; i < shown; i++) {
      escape(text.charAt(i), sb);
    }
    sb.append('"');
    if (shown < text.length()) {
      sb.append("... (").append(text.length()).append(" characters)");
    }
    return sb.toString();
  }

  /**
   * {@code text} with its control characters escaped as {@link #quote} does, without the quotes and
   * without cutting it short: for output that shows a server's text in full, such as a terminal.
   */
  public static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append(c);
      } else {
        escape(c, sb);
      }
    }
    return sb.toString();
  }

  private static void escape(char c, StringBuilder sb) {
    switch (c) {
      case '"' -> sb.append("\\\"");
      case '\\' -> sb.append("\\\\");
      case '\r' -> sb.append("\\r");
      case '\n' -> sb.append("\\n");
      case '\t' -> sb.append("\\t");
      default -> {
        // C0, DEL and C1 controls, and the Unicode line and paragraph separators.
        if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
          sb.append(String.format("\\u%04x", (int) c));
        } else {
          sb.append(c);
        }
      }
    }
  }
}
