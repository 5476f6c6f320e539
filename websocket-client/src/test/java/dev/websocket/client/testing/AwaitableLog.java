package dev.websocket.client.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A thread-safe, append-only list that a test can wait on: the event loop appends, the test thread
 * waits (with a deadline) until enough entries have arrived.
 */
final class AwaitableLog<T> {

  private final String what;
  private final List<T> entries = new ArrayList<>();

  AwaitableLog(String what) {
    this.what = what;
  }

  synchronized void add(T entry) {
    entries.add(entry);
    notifyAll();
  }

  synchronized List<T> snapshot() {
    return List.copyOf(entries);
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized void clear() {
    entries.clear();
  }

  /** Waits until at least {@code count} entries exist; returns a snapshot of all of them. */
  List<T> awaitSize(int count, Duration timeout) {
    return awaitMatching(count, e -> true, timeout);
  }

  /** Waits until at least {@code count} entries match; returns the matching ones. */
  synchronized List<T> awaitMatching(int count, Predicate<? super T> filter, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    // scanned incrementally: a test waiting for 80,000 frames must not rescan on every append
    List<T> matching = new ArrayList<>();
    int scanned = 0;
    while (true) {
      for (; scanned < entries.size(); scanned++) {
        T e = entries.get(scanned);
        if (filter.test(e)) {
          matching.add(e);
        }
      }
      if (matching.size() >= count) {
        return List.copyOf(matching);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "Timed out after "
                + timeout.toMillis()
                + " ms waiting for "
                + count
                + " "
                + what
                + "; have "
                + matching.size()
                + describeLast(matching));
      }
      try {
        // wait(ms) rounds up to a whole millisecond, which is fine for test deadlines
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted waiting for " + what, e);
      }
    }
  }

  private static String describeLast(List<?> seen) {
    int shown = Math.min(seen.size(), 10);
    return seen.isEmpty()
        ? ""
        : (seen.size() > shown ? ", the last " + shown : "")
            + ": "
            + seen.subList(seen.size() - shown, seen.size());
  }
}
