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

  /** Opens and closes connections one after the other; returns completed open+close pairs per second. */
  double handshakes(Duration warmup, Duration measure) throws Exception;

  /** Opens one connection and leaves it idle. */
  AutoCloseable openIdle() throws Exception;
}
