package dev.websocket.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Standard output while an example runs, readable while it grows. */
final class CapturedOutput implements AutoCloseable {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream original = System.out;

  private CapturedOutput() {
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
  }

  /** Sends {@code System.out} here until {@link #close()}. */
  static CapturedOutput start() {
    return new CapturedOutput();
  }

  /** What was printed so far. */
  String text() {
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** Waits until {@code expected} has been printed; false after {@code timeout} or once {@code gaveUp}. */
  boolean await(String expected, Duration timeout, BooleanSupplier gaveUp) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!text().contains(expected)) {
      if (System.nanoTime() - deadline > 0 || gaveUp.getAsBoolean()) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  @Override
  public void close() {
    System.out.flush();
    System.setOut(original);
  }
}
