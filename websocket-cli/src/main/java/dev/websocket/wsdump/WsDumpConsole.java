package dev.websocket.wsdump;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * The user's side of a session, chosen once: on a terminal, JLine for input and output, a prompt
 * and colour; otherwise lines from the input stream and plain lines to the output stream, so {@code
 * printf 'hello\n' | wsdump URL} prints exactly {@code < hello}.
 */
final class WsDumpConsole implements AutoCloseable {

  /** What Python's wsdump prints before the first prompt. */
  static final String GREETING = "Press Ctrl+C to quit";

  private static final String PROMPT = "> ";

  private final InputSource input;
  private final LinePrinter printer;
  private final boolean colour;
  private final boolean greets;

  private WsDumpConsole(InputSource input, LinePrinter printer, boolean colour, boolean greets) {
    this.input = input;
    this.printer = printer;
    this.colour = colour;
    this.greets = greets;
  }

  /**
   * The console for these options.
   *
   * @param terminal whether {@code in} and {@code out} are the process's terminal
   * @param env {@code NO_COLOR} (any non-empty value) turns colour off, {@code HOME} places the
   *     history
   */
  static WsDumpConsole open(
      WsDumpOptions options,
      InputStream in,
      PrintStream out,
      Map<String, String> env,
      boolean terminal) {
    if (terminal) {
      try {
        TerminalInput keyboard =
            TerminalInput.open(WsDump.historyFile(env), options.raw() ? "" : PROMPT);
        String noColour = env.get("NO_COLOR");
        boolean colour = keyboard.supportsColour() && (noColour == null || noColour.isEmpty());
        return new WsDumpConsole(keyboard, keyboard, colour, !options.raw());
      } catch (IOException e) {
        // No usable terminal after all (an odd TERM, say): plain lines still work.
      }
    }
    return new WsDumpConsole(new StreamInput(in), new StreamPrinter(out), false, false);
  }

  /** Prints the greeting on a terminal (not in raw mode, where output is the messages alone). */
  void greet() {
    if (greets) {
      printer.println(GREETING);
    }
  }

  /** Where lines to send come from. */
  InputSource input() {
    return input;
  }

  /** Where received messages go. */
  LinePrinter printer() {
    return printer;
  }

  /** Whether messages are coloured. */
  boolean colour() {
    return colour;
  }

  @Override
  public void close() {
    input.close();
  }
}
