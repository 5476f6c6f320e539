package dev.websocket.wsdump;

import java.io.IOException;

/** Where the lines to send come from: the keyboard through a line editor, or a pipe. */
interface InputSource extends AutoCloseable {

  /**
   * The next line, without its line terminator.
   *
   * @return the line, or null at the end of input (end of the pipe, Ctrl+D)
   * @throws java.io.InterruptedIOException when the user pressed Ctrl+C, or {@link #stop()} was
   *     called: the session is over
   */
  String readLine() throws IOException;

  /** Ends the session from another thread: a pending or later {@link #readLine()} throws. */
  void stop();

  /** Releases the terminal or the pipe; idempotent. */
  @Override
  void close();
}
