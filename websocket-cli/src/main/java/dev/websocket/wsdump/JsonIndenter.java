package dev.websocket.wsdump;

/**
 * Re-indents a JSON object or array for {@code --json}, two spaces a level, as Python's {@code
 * json.dumps(value, indent=2)} lays it out. Strings and numbers are copied as they came, so nothing
 * is lost or re-escaped. Anything that is not exactly one valid JSON object or array is refused,
 * and the caller shows the message unchanged.
 *
 * <p>Not thread safe: one instance per call, through {@link #indent(String)}.
 */
final class JsonIndenter {

  /** Deeper nesting than this is refused rather than risking the stack on a hostile message. */
  static final int MAX_DEPTH = 512;

  private static final String INDENT = "  ";

  private final String in;
  private final StringBuilder out;
  private int pos;

  private JsonIndenter(String in) {
    this.in = in;
    this.out = new StringBuilder(in.length() * 2);
  }

  /** The indented form of {@code text}, or null when it is not a single JSON object or array. */
  static String indent(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty() || (trimmed.charAt(0) != '{' && trimmed.charAt(0) != '[')) {
      return null;
    }
    JsonIndenter indenter = new JsonIndenter(trimmed);
    try {
      indenter.value(0);
      indenter.skipSpace();
      return indenter.pos == trimmed.length() ? indenter.out.toString() : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private void value(int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("too deep");
    }
    skipSpace();
    char c = peek();
    if (c == '{') {
      container('{', '}', depth, true);
    } else if (c == '[') {
      container('[', ']', depth, false);
    } else if (c == '"') {
      string();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      number();
    } else if (!literal("true") && !literal("false") && !literal("null")) {
      throw new IllegalArgumentException("unexpected " + c);
    }
  }

  private void container(char open, char close, int depth, boolean object) {
    pos++;
    out.append(open);
    skipSpace();
    if (peek() == close) {
      pos++;
      out.append(close); // empty containers stay on one line, as in Python
      return;
    }
    while (true) {
      newline(depth + 1);
      if (object) {
        skipSpace();
        if (peek() != '"') {
          throw new IllegalArgumentException("expected a key");
        }
        string();
        skipSpace();
        expect(':');
        out.append(": ");
      }
      value(depth + 1);
      skipSpace();
      char c = next();
      if (c == close) {
        newline(depth);
        out.append(close);
        return;
      }
      if (c != ',') {
        throw new IllegalArgumentException("expected , or " + close);
      }
      out.append(',');
    }
  }

  private void string() {
    int start = pos;
    pos++; // the opening quote
    while (true) {
      char c = next();
      if (c == '"') {
        break;
      }
      if (c < 0x20) {
        throw new IllegalArgumentException("control character in a string");
      }
      if (c == '\\') {
        char e = next();
        if (e == 'u') {
          for (int i = 0; i < 4; i++) {
            if (Character.digit(next(), 16) < 0) {
              throw new IllegalArgumentException("bad \\u escape");
            }
          }
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          throw new IllegalArgumentException("bad escape");
        }
      }
    }
    out.append(in, start, pos);
  }

  private void number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else {
      digits();
    }
    if (peek() == '.') {
      pos++;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      digits();
    }
    out.append(in, start, pos);
  }

  private void digits() {
    int start = pos;
    while (peek() >= '0' && peek() <= '9') {
      pos++;
    }
    if (pos == start) {
      throw new IllegalArgumentException("expected a digit");
    }
  }

  private boolean literal(String word) {
    if (!in.startsWith(word, pos)) {
      return false;
    }
    pos += word.length();
    out.append(word);
    return true;
  }

  private void newline(int depth) {
    out.append('\n');
    for (int i = 0; i < depth; i++) {
      out.append(INDENT);
    }
  }

  private void skipSpace() {
    while (pos < in.length()) {
      char c = in.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private void expect(char c) {
    if (next() != c) {
      throw new IllegalArgumentException("expected " + c);
    }
  }

  /** The current character, or NUL at the end (never valid where a token is expected). */
  private char peek() {
    return pos < in.length() ? in.charAt(pos) : '\0';
  }

  private char next() {
    if (pos >= in.length()) {
      throw new IllegalArgumentException("unexpected end");
    }
    return in.charAt(pos++);
  }
}
