package dev.websocket.testing.hostile;

import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The child-JVM side of a hostile run: connects one {@link HostileClient} to a {@link
 * HostileServer}, lets the server do its case for the hold time (or until the client ends the
 * connection), and prints one result line that {@link HostileRun} reads: the peak growth of memory
 * (heap used after a collection, plus direct memory, Netty's and the JDK's) over what the JVM held
 * before connecting, the outcome, and the time to it.
 *
 * <p>Arguments: case name, server URL, hold time in milliseconds, client key.
 */
public final class HostileProbe {

  static final String RESULT = "HOSTILE-RESULT\t";
  private static final long SAMPLE_MILLIS = 100;

  private HostileProbe() {}

  /**
   * Runs the probe for {@code args} with the client {@code clients} names, prints the result and
   * exits.
   */
  public static void main(String[] args, Function<String, HostileClient> clients) {
    HostileCase hostileCase = HostileCase.valueOf(args[0]);
    String url = args[1];
    long holdMillis = Long.parseLong(args[2]);
    HostileClient client = clients.apply(args[3]);
    long baseline = memoryAfterGc();
    AtomicLong peak = new AtomicLong();
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memoryAfterGc() - baseline, Math::max);
                try {
                  Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "hostile-memory-sampler");
    sampler.setDaemon(true);
    sampler.start();
    long start = System.nanoTime();
    String outcome;
    try {
      CompletableFuture<String> end = client.connect(url, hostileCase.applicationReads());
      long left = holdMillis - (System.nanoTime() - start) / 1_000_000;
      try {
        outcome = end.get(Math.max(1, left), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        outcome = "open";
      }
    } catch (Throwable e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      outcome = "failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    sampler.interrupt();
    peak.accumulateAndGet(memoryAfterGc() - baseline, Math::max);
    System.out.println(RESULT + peak.get() + "\t" + millis + "\t" + oneLine(outcome));
    System.out.flush();
    // Some clients keep non-daemon threads; the result is out, the JVM is done.
    Runtime.getRuntime().halt(0);
  }

  /**
   * Heap used after a full collection, plus direct memory (Netty's own count and the JDK's pool).
   */
  static long memoryAfterGc() {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long direct = Math.max(0, PlatformDependent.usedDirectMemory());
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        direct += pool.getMemoryUsed();
      }
    }
    return heap + direct;
  }

  private static String oneLine(String text) {
    String line = String.valueOf(text).replaceAll("[\\r\\n\\t]+", " ").strip();
    return line.length() <= 160 ? line : line.substring(0, 157) + "...";
  }
}
