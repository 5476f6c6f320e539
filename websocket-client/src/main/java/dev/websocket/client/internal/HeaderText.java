package dev.websocket.client.internal;

import java.util.List;
import java.util.Map;

/**
 * The one home of the rules for header text the user supplies: a header name is an HTTP token (RFC
 * 7230 section 3.2.6), and so is a subprotocol name (RFC 6455 section 4.1); a value has no control
 * character but HTAB, so CR and LF cannot inject headers.
 */
public final class HeaderText {

  /** The separators RFC 7230 excludes from a token, besides controls, space and non-ASCII. */
  private static final String SEPARATORS = "\"(),/:;<=>?@[\\]{}";

  private HeaderText() {}

  /**
   * Checks a header value, or other text that goes into one (a cookie, an origin, a host).
   *
   * @throws IllegalArgumentException naming {@code what} and the character, if {@code text} has a
   *     control character other than HTAB
   */
  public static void check(String what, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < ' ' && c != '\t') || c == 0x7F) {
        throw new IllegalArgumentException(
            what + " has the control character " + charName(c) + ": " + escape(text));
      }
    }
  }

  /**
   * Checks a token: a header name or a subprotocol.
   *
   * @throws IllegalArgumentException naming {@code what} if {@code token} is empty or has a
   *     character outside the token set
   */
  public static void checkToken(String what, String token) {
    if (token.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c >= 0x7F || SEPARATORS.indexOf(c) >= 0) {
        throw new IllegalArgumentException(
            what
                + " '"
                + escape(token)
                + "' is not an HTTP token: it has the character "
                + charName(c));
      }
    }
  }

  /** Checks a whole header: its name a token, its value free of control characters. */
  public static void checkHeader(String name, String value) {
    checkToken("Header name", name);
    check("Value of header '" + name + "'", value);
  }

  /** Checks every header of a list. */
  public static void checkHeaders(List<Map.Entry<String, String>> headers) {
    for (Map.Entry<String, String> header : headers) {
      checkHeader(header.getKey(), header.getValue());
    }
  }

  private static String charName(char c) {
    return switch (c) {
      case '\r' -> "CR";
      case '\n' -> "LF";
      case ' ' -> "SP";
      default -> c < ' ' || c >= 0x7F ? String.format("0x%02x", (int) c) : "'" + c + "'";
    };
  }

  /** The text with control characters written as escapes, so an error message stays one line. */
  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < ' ' || c == 0x7F) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
