package dev.websocket.codec.deflate;

import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.ProtocolViolationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parses a {@code Sec-WebSocket-Extensions} value into its elements (RFC 6455 section 9.1):
 *
 * <pre>
 * extension-list  = 1#extension
 * extension       = extension-token *( ";" extension-param )
 * extension-param = token [ "=" (token | quoted-string) ]
 * </pre>
 *
 * <p>Optional whitespace is allowed around every separator, and empty list elements are skipped
 * (RFC 7230 section 7). A quoted value must still be a token once unescaped (RFC 6455 section 9.1).
 * Any other deviation fails with {@link CloseStatus#INVALID_EXTENSION}.
 */
public final class ExtensionHeader {

  /** One {@code name[=value]} parameter; {@code value} is null when the parameter has none. */
  public record Param(String name, String value) {}

  /** One extension with its parameters in header order. */
  public record Element(String name, List<Param> params) {}

  private final String header;
  private int pos;

  private ExtensionHeader(String header) {
    this.header = header;
  }

  /**
   * The elements of {@code header}, in order.
   *
   * @throws ProtocolViolationException (1010) naming the first malformed spot and its index
   */
  public static List<Element> parse(String header) {
    return new ExtensionHeader(header).elements();
  }

  private List<Element> elements() {
    List<Element> elements = new ArrayList<>();
    while (true) {
      skipWhitespace();
      if (atEnd()) {
        return elements;
      }
      if (peek() == ',') {
        pos++; // An empty list element.
        continue;
      }
      elements.add(element());
      if (atEnd()) {
        return elements;
      }
      if (peek() != ',') {
        throw malformed("expected ',' or ';'");
      }
      pos++;
    }
  }

  private Element element() {
    String name = token("expected an extension name");
    List<Param> params = new ArrayList<>();
    skipWhitespace();
    while (!atEnd() && peek() == ';') {
      pos++;
      skipWhitespace();
      String paramName = token("expected a parameter name");
      String value = null;
      skipWhitespace();
      if (!atEnd() && peek() == '=') {
        pos++;
        skipWhitespace();
        value = !atEnd() && peek() == '"' ? quotedToken() : token("expected a parameter value");
        skipWhitespace();
      }
      params.add(new Param(paramName, value));
    }
    return new Element(name, Collections.unmodifiableList(params));
  }

  private String token(String expectation) {
    int start = pos;
    while (!atEnd() && isTokenChar(peek())) {
      pos++;
    }
    if (pos == start) {
      throw malformed(expectation);
    }
    return header.substring(start, pos);
  }

  private String quotedToken() {
    int start = pos;
    pos++; // The opening quote.
    StringBuilder value = new StringBuilder();
    while (true) {
      if (atEnd()) {
        pos = start;
        throw malformed("unterminated quoted string");
      }
      char c = header.charAt(pos++);
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        if (atEnd()) {
          pos = start;
          throw malformed("unterminated quoted string");
        }
        c = header.charAt(pos++);
      }
      value.append(c);
    }
    if (!isToken(value)) {
      pos = start;
      throw malformed("quoted value is not a token");
    }
    return value.toString();
  }

  private void skipWhitespace() {
    while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
      pos++;
    }
  }

  private boolean atEnd() {
    return pos >= header.length();
  }

  private char peek() {
    return header.charAt(pos);
  }

  private ProtocolViolationException malformed(String what) {
    return new ProtocolViolationException(
        CloseStatus.INVALID_EXTENSION,
        "Malformed Sec-WebSocket-Extensions header \""
            + header
            + "\": "
            + what
            + " at index "
            + pos);
  }

  private static boolean isToken(CharSequence s) {
    if (s.length() == 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** tchar (RFC 7230 section 3.2.6): visible ASCII except delimiters. */
  private static boolean isTokenChar(char c) {
    if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
      return true;
    }
    return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
