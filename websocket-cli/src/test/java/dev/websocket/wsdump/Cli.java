package dev.websocket.wsdump;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Runs {@link WsDump#run} in-process with piped input and captured output. */
final class Cli {

  /** Long enough for any session of these tests; a hang fails the test instead of the build. */
  static final Duration LIMIT = Duration.ofSeconds(20);

  private Cli() {}

  /** What a run printed and returned. */
  record Result(int status, String out, String err, Duration elapsed) {
    @Override
    public String toString() {
      return "status " + status + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }

  /** Runs with {@code input} as standard input, which then ends. */
  static Result run(String input, String... args) {
    return run(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), args);
  }

  /** Runs with {@code in} as standard input. */
  static Result run(InputStream in, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int status =
        assertTimeoutPreemptively(
            LIMIT,
            () -> {
              try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                  PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                return WsDump.run(
                    args, in, o, e, Map.of("HOME", System.getProperty("java.io.tmpdir")));
              }
            });
    return new Result(
        status,
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Standard input that gives {@code text} and then stays open, as a terminal or a pipe whose
   * writer is still there, until {@link #end()}.
   */
  static final class HeldOpenInput extends InputStream {
    private final byte[] text;
    private final CountDownLatch ended = new CountDownLatch(1);
    private int pos;

    HeldOpenInput(String text) {
      this.text = text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      if (pos < text.length) {
        int n = Math.min(len, text.length - pos);
        System.arraycopy(text, pos, b, off, n);
        pos += n;
        return n;
      }
      try {
        ended.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return -1;
    }

    /** Ends the input: a blocked read returns end of stream. */
    void end() {
      ended.countDown();
    }
  }
}
