package dev.websocket.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Standard output while an example runs, readable while it grows. */
final class CapturedOutput implements AutoCloseable {

  /**
   * Wakes waiters on every write, so {@link #await} waits on the output itself rather than polling.
   */
  private final ByteArrayOutputStream bytes =
      new ByteArrayOutputStream() {
        @Override
        public synchronized void write(byte[] b, int off, int len) {
          super.write(b, off, len);
          notifyAll();
        }

        @Override
        public synchronized void write(int b) {
          super.write(b);
          notifyAll();
        }
      };

  /** How long one wait lasts before {@code gaveUp} is asked again. */
  private static final long RECHECK_MILLIS = 50;

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

  /**
   * Waits until {@code expected} has been printed; false after {@code timeout} or once {@code
   * gaveUp}.
   */
  boolean await(String expected, Duration timeout, BooleanSupplier gaveUp)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (bytes) {
      while (!bytes.toString(StandardCharsets.UTF_8).contains(expected)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || gaveUp.getAsBoolean()) {
          return false;
        }
        bytes.wait(Math.max(1, Math.min(RECHECK_MILLIS, left / 1_000_000)));
      }
      return true;
    }
  }

  @Override
  public void close() {
    System.out.flush();
    System.setOut(original);
  }
}
