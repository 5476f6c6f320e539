package dev.websocket.benchmarks.e2e;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/** Runs each workload against one peer; every method warms up first, then measures. */
interface Driver {

  /**
   * Sends {@code message}, waits for its echo, and again: {@code warmup} round trips unrecorded,
   * then {@code count} recorded, in nanoseconds.
   */
  Histogram roundTrips(byte[] message, int warmup, int count) throws Exception;

  /**
   * Keeps {@code window} messages in flight (a new one sent as each echo arrives) and returns the
   * echoed messages per second over {@code measure}, after {@code warmup}.
   */
  double stream(byte[] message, int window, Duration warmup, Duration measure) throws Exception;

  /**
   * Opens and closes connections one after the other; returns completed open+close pairs per
   * second.
   */
  double handshakes(Duration warmup, Duration measure) throws Exception;

  /** Opens one connection and leaves it idle. */
  AutoCloseable openIdle() throws Exception;

  /** One open and close, or any other step timed by {@link #rate}. */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  /**
   * Runs {@code step} for {@code warmup}, then for {@code measure}; returns steps per second over
   * the latter.
   */
  static double rate(Duration warmup, Duration measure, Step step) throws Exception {
    long warmEnd = System.nanoTime() + warmup.toNanos();
    while (System.nanoTime() < warmEnd) {
      step.run();
    }
    long t0 = System.nanoTime();
    long end = t0 + measure.toNanos();
    long n = 0;
    long t;
    do {
      step.run();
      n++;
      t = System.nanoTime();
    } while (t < end);
    return n * 1e9 / (t - t0);
  }
}
