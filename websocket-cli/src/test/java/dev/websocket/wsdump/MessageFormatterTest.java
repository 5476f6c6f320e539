package dev.websocket.wsdump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.websocket.client.Data;
import dev.websocket.codec.Opcode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageFormatterTest {

  private static final MessageFormatter PLAIN =
      new MessageFormatter(false, false, false, false, false);

  @Test
  void textAsInPython() {
    assertEquals("< hello", PLAIN.format(data(Opcode.TEXT, "hello"), 0.5));
  }

  @Test
  void verboseNamesTheOpcode() {
    MessageFormatter verbose = new MessageFormatter(false, true, false, false, false);
    assertEquals("< text: hello", verbose.format(data(Opcode.TEXT, "hello"), 0));
    assertEquals("< ping: hello", verbose.format(data(Opcode.PING, "hello"), 0));
    assertEquals("< pong: ", verbose.format(data(Opcode.PONG, ""), 0));
    assertEquals(
        "< binary: b'\\x00'", verbose.format(new TestData(Opcode.BINARY, new byte[] {0}), 0));
  }

  @Test
  void timingsComeFirst() {
    MessageFormatter timings = new MessageFormatter(false, true, true, false, false);
    assertEquals("< 1.25: text: hello", timings.format(data(Opcode.TEXT, "hello"), 1.25));
  }

  @Test
  void secondsArePrintedAsPythonFloats() {
    assertEquals("0.0001", MessageFormatter.seconds(0.0001));
    assertEquals("2.0", MessageFormatter.seconds(2));
    assertEquals("12345678.5", MessageFormatter.seconds(12345678.5));
  }

  @Test
  void rawHasNoDecoration() {
    MessageFormatter raw = new MessageFormatter(true, false, false, false, true);
    assertEquals("hello", raw.format(data(Opcode.TEXT, "hello"), 0));
  }

  @Test
  void colourIsBlueAsInPython() {
    MessageFormatter colour = new MessageFormatter(false, false, false, false, true);
    assertEquals("\033[34m< hello\033[39m", colour.format(data(Opcode.TEXT, "hello"), 0));
  }

  @Test
  void closeShowsCodeAndReason() {
    assertEquals("< close: 1001 \"going away\"", PLAIN.format(close(1001, "going away"), 0));
    assertEquals("< close: 1000", PLAIN.format(close(1000, ""), 0));
    assertEquals("< close: 1005", PLAIN.format(new TestData(Opcode.CLOSE, new byte[0]), 0));
  }

  @Test
  void aCloseReasonCannotDriveTheTerminal() {
    // ESC [2J (clear screen) and a forged second line in the reason come out as text.
    assertEquals(
        "< close: 1000 \"\\u001b[2J\\n< fake\"", PLAIN.format(close(1000, "\u001b[2J\n< fake"), 0));
  }

  @Test
  void closeInRawModeOnlyWhenVerbose() {
    assertNull(
        new MessageFormatter(true, false, false, false, false).format(close(1000, "bye"), 0));
    assertEquals(
        "close: 1000 \"bye\"",
        new MessageFormatter(true, true, false, false, false).format(close(1000, "bye"), 0));
  }

  @Test
  void pingPayloadThatIsNotUtf8IsEscaped() {
    MessageFormatter verbose = new MessageFormatter(false, true, false, false, false);
    assertEquals(
        "< ping: b'\\xff'", verbose.format(new TestData(Opcode.PING, new byte[] {(byte) 0xFF}), 0));
  }

  @Test
  void opcodeNamesAreThoseOfPythonsOpcodeMap() {
    assertEquals("cont", MessageFormatter.opcodeName(Opcode.CONTINUATION));
    assertEquals("text", MessageFormatter.opcodeName(Opcode.TEXT));
    assertEquals("binary", MessageFormatter.opcodeName(Opcode.BINARY));
    assertEquals("close", MessageFormatter.opcodeName(Opcode.CLOSE));
    assertEquals("ping", MessageFormatter.opcodeName(Opcode.PING));
    assertEquals("pong", MessageFormatter.opcodeName(Opcode.PONG));
  }

  private static Data data(Opcode opcode, String text) {
    return new TestData(opcode, text.getBytes(StandardCharsets.UTF_8));
  }

  private static Data close(int status, String reason) {
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + r.length];
    payload[0] = (byte) (status >> 8);
    payload[1] = (byte) status;
    System.arraycopy(r, 0, payload, 2, r.length);
    return new TestData(Opcode.CLOSE, payload);
  }

  private record TestData(Opcode opcode, byte[] data) implements Data {
    @Override
    public boolean isFinal() {
      return true;
    }
  }
}
