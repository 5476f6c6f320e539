package dev.websocket.benchmarks.e2e;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.Histogram;

/**
 * What the blocking door's two thread hand-offs cost on their own, with no socket: a caller thread
 * queues a task on a Netty event loop that sleeps in {@code epoll_wait} (as a send does, waking the
 * loop to write), and the task signals the caller, parked on a {@link Condition} (as the loop does
 * when it queues a received message for {@code recv}). A default blocking round trip is the round
 * trip of the blocking door with {@code ioOnCallerThread}, where the caller does the I/O itself,
 * plus one such pair: this measures the pair, to set beside the difference of the two.
 *
 * <pre>
 * java -cp benchmarks.jar dev.websocket.benchmarks.e2e.HandOffCost [pairs]
 * </pre>
 *
 * Prints {@code RESULT <key> <value>} lines as {@link ClientRunner} does: p50 and p99 of one pair
 * in µs and the process's CPU per pair in µs (less the caller's spin between pairs, which lets the
 * loop fall asleep as it does while a reply is on its way).
 */
public final class HandOffCost {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition answered = lock.newCondition();
  private boolean ready;
  private final Runnable answer = this::answer;

  /** Time spent spinning while the loop falls asleep: on the CPU, but no part of a hand-off. */
  private long spinNanos;

  private HandOffCost() {}

  public static void main(String[] args) throws Exception {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    EventLoopGroup group = NettyLoops.newGroup();
    try {
      EventLoop loop = group.next();
      HandOffCost cost = new HandOffCost();
      cost.run(loop, 200_000); // warm-up, as long as the round-trip workload's
      long cpu0 = cpuNanos();
      cost.spinNanos = 0;
      Histogram histogram = cost.run(loop, pairs);
      long cpu = cpuNanos() - cpu0 - cost.spinNanos;
      System.out.println("RESULT handoff_p50_us " + histogram.getValueAtPercentile(50) / 1e3);
      System.out.println("RESULT handoff_p99_us " + histogram.getValueAtPercentile(99) / 1e3);
      System.out.println("RESULT handoff_cpu_us " + cpu / 1e3 / pairs);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private Histogram run(EventLoop loop, int pairs) throws InterruptedException {
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    for (int i = 0; i < pairs; i++) {
      // Let the loop fall asleep in epoll_wait, as it does while a round trip's reply is on its
      // way.
      long spin0 = System.nanoTime();
      long t0;
      while ((t0 = System.nanoTime()) - spin0 < 10_000) {
        Thread.onSpinWait();
      }
      spinNanos += t0 - spin0;
      loop.execute(answer);
      lock.lock();
      try {
        while (!ready) {
          answered.await();
        }
        ready = false;
      } finally {
        lock.unlock();
      }
      histogram.recordValue(Math.min(System.nanoTime() - t0, histogram.getHighestTrackableValue()));
    }
    return histogram;
  }

  private void answer() {
    lock.lock();
    try {
      ready = true;
      answered.signal();
    } finally {
      lock.unlock();
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
