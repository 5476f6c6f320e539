package dev.websocket.client.internal;

/** The one rule for user-supplied header text: no CR or LF, which would let a value inject headers. */
public final class HeaderText {

  private HeaderText() {}

  /**
   * Checks a header name or value.
   *
   * @throws IllegalArgumentException naming {@code what} if {@code text} contains CR or LF
   */
  public static void check(String what, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n') {
        throw new IllegalArgumentException(what + " contains CR or LF: " + text.replace("\r", "\\r").replace("\n", "\\n"));
      }
    }
  }

  /** Checks a whole header. */
  public static void checkHeader(String name, String value) {
    check("Header name", name);
    check("Header value", value);
  }
}
