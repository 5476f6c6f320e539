package dev.websocket.wsdump;

import java.io.PrintStream;

/**
 * Prints lines to a stream, flushed one by one so a pipe reader sees each message as it arrives.
 */
final class StreamPrinter implements LinePrinter {

  private final PrintStream out;

  StreamPrinter(PrintStream out) {
    this.out = out;
  }

  @Override
  public void println(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
