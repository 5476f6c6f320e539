package dev.websocket.wsdump;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The keyboard and screen of a terminal, through JLine: line editing, a history kept in a file, a
 * prompt, and received messages printed above the line being typed (which JLine then redraws),
 * where Python's wsdump clears and reprints the line by hand.
 */
final class TerminalInput implements InputSource, LinePrinter {

  private final Terminal terminal;
  private final LineReader reader;
  private final String prompt;
  private volatile boolean stopped;
  private boolean closed;

  private TerminalInput(Terminal terminal, Path historyFile, String prompt) {
    this.terminal = terminal;
    this.prompt = prompt;
    this.reader =
        LineReaderBuilder.builder()
            .appName("wsdump")
            .terminal(terminal)
            .variable(LineReader.HISTORY_FILE, historyFile)
            .build();
  }

  /**
   * Opens the process's terminal.
   *
   * @param historyFile where typed lines are kept between sessions
   * @param prompt printed before each line, {@code "> "}, or empty in raw mode
   */
  static TerminalInput open(Path historyFile, String prompt) throws IOException {
    Terminal terminal = TerminalBuilder.builder().system(true).build();
    return new TerminalInput(terminal, historyFile, prompt);
  }

  /** Whether the terminal shows colours: any but a plain dumb one. */
  boolean supportsColour() {
    return !Terminal.TYPE_DUMB.equals(terminal.getType());
  }

  @Override
  public String readLine() throws IOException {
    if (stopped) {
      throw new InterruptedIOException("input stopped");
    }
    try {
      return reader.readLine(prompt);
    } catch (UserInterruptException e) {
      // Ctrl+C, or stop() raising the same signal to end a read blocked on the keyboard.
      throw new InterruptedIOException(stopped ? "input stopped" : "interrupted by the user");
    } catch (EndOfFileException e) {
      return null;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public void stop() {
    stopped = true;
    // JLine turns INT into an interrupt of the thread blocked in readLine.
    terminal.raise(Terminal.Signal.INT);
  }

  @Override
  public void println(String line) {
    reader.printAbove(line);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      reader.getHistory().save();
    } catch (IOException e) {
      // History is a convenience: failing to keep it must not turn a good session into an error.
    }
    try {
      terminal.close();
    } catch (IOException e) {
      // Nothing left to restore on a terminal that cannot be closed.
    }
  }
}
