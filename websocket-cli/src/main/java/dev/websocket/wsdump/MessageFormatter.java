package dev.websocket.wsdump;

import dev.websocket.client.Data;
import dev.websocket.client.ServerText;
import dev.websocket.codec.Opcode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns what was received into the line Python's wsdump prints: {@code < message}, with {@code -v}
 * the opcode first ({@code < ping: hello}), with {@code --timings} the seconds since start first
 * ({@code < 0.25: message}); with {@code --raw} only the message. Binary payloads go through {@link
 * BinaryPayloads}; with {@code --json}, JSON messages through {@link JsonIndenter}.
 */
final class MessageFormatter {

  /** Select Graphic Rendition: blue text, as Python's wsdump colours received messages. */
  static final String BLUE = "\033[34m";

  /** Back to the default foreground colour. */
  static final String DEFAULT_COLOUR = "\033[39m";

  private final boolean raw;
  private final boolean verbose;
  private final boolean timings;
  private final boolean json;
  private final boolean colour;

  /**
   * A formatter.
   *
   * @param colour whether lines are coloured: only when they go to a terminal
   */
  MessageFormatter(boolean raw, boolean verbose, boolean timings, boolean json, boolean colour) {
    this.raw = raw;
    this.verbose = verbose;
    this.timings = timings;
    this.json = json;
    this.colour = colour && !raw;
  }

  /** The formatter for these options. */
  static MessageFormatter of(WsDumpOptions options, boolean colour) {
    return new MessageFormatter(
        options.raw(), options.verbosity() >= 1, options.timings(), options.json(), colour);
  }

  /**
   * The line to print for {@code data}, received {@code elapsedSeconds} after start, or null when
   * nothing is printed (a close frame in raw mode without {@code -v}).
   */
  String format(Data data, double elapsedSeconds) {
    String message;
    if (data.opcode() == Opcode.CLOSE) {
      if (raw && !verbose) {
        return null; // raw output is the message stream alone
      }
      // Python prints an empty line here; the status and reason are what a user wants to know.
      message = opcodeName(Opcode.CLOSE) + ": " + closeText(data.data());
    } else {
      message = payloadText(data);
      if (verbose) {
        message = opcodeName(data.opcode()) + ": " + message;
      }
    }
    if (timings) {
      message = seconds(elapsedSeconds) + ": " + message;
    }
    if (raw) {
      return message;
    }
    return colour ? BLUE + "< " + message + DEFAULT_COLOUR : "< " + message;
  }

  private String payloadText(Data data) {
    byte[] payload = data.data();
    switch (data.opcode()) {
      case TEXT:
        return prettyJson(new String(payload, StandardCharsets.UTF_8));
      case PING:
      case PONG:
        String text = BinaryPayloads.utf8(payload);
        return text != null ? text : BytesRepr.of(payload);
      default:
        String shown = BinaryPayloads.describe(payload);
        if (shown.startsWith("[")) {
          int label = shown.indexOf("] ") + 2;
          return shown.substring(0, label) + prettyJson(shown.substring(label));
        }
        return shown;
    }
  }

  private String prettyJson(String text) {
    if (!json) {
      return text;
    }
    String indented = JsonIndenter.indent(text);
    return indented != null ? indented : text;
  }

  /** "1000 reason", "1000" with no reason, "1005" for a close frame without a status. */
  static String closeText(byte[] payload) {
    if (payload.length < 2) {
      return "1005";
    }
    int status = ByteBuffer.wrap(payload).getShort() & 0xFFFF;
    String reason = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    return reason.isEmpty() ? Integer.toString(status) : status + " " + ServerText.quote(reason);
  }

  /** Python's names for the opcodes ({@code ABNF.OPCODE_MAP}). */
  static String opcodeName(Opcode opcode) {
    switch (opcode) {
      case CONTINUATION:
        return "cont";
      case TEXT:
        return "text";
      case BINARY:
        return "binary";
      case CLOSE:
        return "close";
      case PING:
        return "ping";
      case PONG:
        return "pong";
      default:
        throw new IllegalArgumentException(opcode.toString());
    }
  }

  /** Seconds as Python prints a float: shortest round-trip digits, never in E notation. */
  static String seconds(double seconds) {
    String plain = new BigDecimal(Double.toString(seconds)).stripTrailingZeros().toPlainString();
    return plain.indexOf('.') < 0 ? plain + ".0" : plain;
  }
}
