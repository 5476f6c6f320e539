package dev.websocket.wsdump;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Vectors checked against CPython's {@code repr(bytes)}. */
class BytesReprTest {

  @Test
  void empty() {
    assertEquals("b''", BytesRepr.of(new byte[0]));
  }

  @Test
  void printableAsciiAsIs() {
    assertEquals("b'hello world~'", BytesRepr.of(ascii("hello world~")));
  }

  @Test
  void whitespaceEscapes() {
    assertEquals("b'a\\tb\\nc\\rd'", BytesRepr.of(ascii("a\tb\nc\rd")));
  }

  @Test
  void otherBytesAsLowerCaseHex() {
    assertEquals(
        "b'\\x00\\x7f\\x80\\xff\\x1b'",
        BytesRepr.of(new byte[] {0, 0x7F, (byte) 0x80, (byte) 0xFF, 0x1B}));
  }

  @Test
  void backslashIsEscaped() {
    assertEquals("b'a\\\\b'", BytesRepr.of(ascii("a\\b")));
  }

  @Test
  void singleQuoteAloneSwitchesToDoubleQuotes() {
    assertEquals("b\"it's\"", BytesRepr.of(ascii("it's")));
  }

  @Test
  void bothQuotesKeepSingleQuotesAndEscapeThem() {
    assertEquals("b'\\'\"'", BytesRepr.of(ascii("'\"")));
  }

  @Test
  void doubleQuoteAloneIsNotEscaped() {
    assertEquals("b'say \"hi\"'", BytesRepr.of(ascii("say \"hi\"")));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
