package dev.websocket.benchmarks.e2e;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * One client's workloads in a JVM of its own (started by {@link Harness}), so that no client runs
 * on code the JIT compiled for another. Prints {@code RESULT <key> <value>} lines.
 *
 * <pre>
 * ClientRunner bench &lt;client&gt; &lt;host&gt; &lt;wsPort&gt; &lt;rawPort&gt; &lt;quick|full&gt;
 * ClientRunner idle  &lt;client&gt; &lt;host&gt; &lt;wsPort&gt; &lt;rawPort&gt; &lt;connections&gt;
 * </pre>
 */
public final class ClientRunner {

  /** Connections opened (and kept) before the idle baseline, so thread pools and classes exist. */
  private static final int IDLE_PRELUDE = 50;

  /** Round trips per block while waiting, after the warm-up, for the JIT to settle. */
  private static final int SETTLE_BLOCK = 20_000;

  /** The most blocks run after the warm-up while waiting for the JIT to settle. */
  private static final int MAX_SETTLE_BLOCKS = 20;

  private ClientRunner() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String key = args[1];
    String host = args[2];
    int port = key.equals(Peers.RAW) ? Integer.parseInt(args[4]) : Integer.parseInt(args[3]);
    // The peer is never closed: the JVM halts once the figures are out, which also spares the
    // idle test from closing thousands of connections.
    try {
      Peer peer = Peers.create(key);
      Driver driver = peer.driver(host, port);
      if (mode.equals("bench")) {
        bench(driver, Profile.of(args[5]));
      } else {
        idle(driver, Integer.parseInt(args[5]));
      }
    } catch (Throwable t) {
      t.printStackTrace();
      System.out.flush();
      Runtime.getRuntime().halt(1);
    }
    System.out.flush();
    // Some clients leave non-daemon threads behind (or thousands of idle connections): do not wait
    // for them. exit, not halt, so that a flight recording started with -XX:StartFlightRecording is
    // written.
    System.exit(0);
  }

  private static void bench(Driver driver, Profile p) throws Exception {
    byte[] small = payload(Profile.SMALL);
    byte[] large = payload(Profile.LARGE);

    // -De2e.only=rt|pipelined|bulk|handshakes runs one workload, to profile it alone.
    String only = System.getProperty("e2e.only", "");
    if (only.isEmpty() || only.equals("rt")) {
      // -De2e.rtKey names the figures: the harness's run on one CPU reports them as rt_one_*.
      String key = System.getProperty("e2e.rtKey", "rt");
      warmUpRoundTrips(driver, small, p.roundTripWarmup);
      long cpu0 = cpuNanos();
      Histogram rt = driver.roundTrips(small, 0, p.roundTrips);
      long cpu = cpuNanos() - cpu0;
      result(key + "_p50_us", rt.getValueAtPercentile(50) / 1e3);
      result(key + "_p99_us", rt.getValueAtPercentile(99) / 1e3);
      result(key + "_count", rt.getTotalCount());
      // The client's CPU per round trip (all its threads): a latency bought by spinning shows here.
      result(key + "_client_cpu_us", cpu / 1e3 / p.roundTrips);
    }
    if (only.isEmpty() || only.equals("pipelined")) {
      long cpu0 = cpuNanos();
      long allocated0 = allocatedBytes();
      long t0 = System.nanoTime();
      // -De2e.window and -De2e.size change the messages in flight and their size, to see how a
      // result depends on the shape of the traffic; the committed runs use the defaults.
      int window = Integer.getInteger("e2e.window", Profile.SMALL_WINDOW);
      byte[] streamed = payload(Integer.getInteger("e2e.size", Profile.SMALL));
      double rate = driver.stream(streamed, window, p.streamWarmup, p.streamMeasure);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double busy = (cpuNanos() - cpu0) / 1e9 / seconds;
      double allocatedPerSecond = (allocatedBytes() - allocated0) / seconds;
      result("pipelined_msgs_per_s", rate);
      // The client's own CPU per message (all its threads): steadier than the rate on a shared box.
      result("pipelined_client_cpu_ns_per_msg", busy * 1e9 / rate);
      // Heap bytes allocated per message (all its threads): the same on a loaded box as on a quiet
      // one, so a change to the per-message path shows here when the rates are too noisy to tell.
      result("pipelined_client_alloc_b_per_msg", allocatedPerSecond / rate);
    }
    if (only.isEmpty() || only.equals("bulk")) {
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      double rate =
          driver.stream(large, Profile.LARGE_WINDOW, p.bulkWarmup, p.bulkMeasure)
              * Profile.LARGE
              / 1e6;
      double busy = (double) (cpuNanos() - cpu0) / (System.nanoTime() - t0);
      result("bulk_mb_per_s", rate);
      result("bulk_client_cpu_us_per_mb", busy * 1e6 / rate);
    }
    if (only.isEmpty() || only.equals("handshakes")) {
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      double rate = driver.handshakes(p.handshakeWarmup, p.handshakeMeasure);
      double busy = (double) (cpuNanos() - cpu0) / (System.nanoTime() - t0);
      result("handshakes_per_s", rate);
      result("handshake_client_cpu_us", busy * 1e6 / rate);
    }
  }

  /**
   * Round trips on connections of their own until the JIT has settled: {@code warmup} of them, then
   * blocks of {@link #SETTLE_BLOCK} until one in which the compiler worked less than 1 % of the
   * time, at most {@link #MAX_SETTLE_BLOCKS}. Measured while the compiler threads still run, a
   * round trip is neither the client's steady cost nor its steady latency: those threads take CPU
   * from it, and on a virtual machine they also keep idle vCPUs from halting, so that a woken
   * thread runs sooner than it will later.
   */
  static void warmUpRoundTrips(Driver driver, byte[] message, int warmup) throws Exception {
    driver.roundTrips(message, 0, warmup);
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    for (int i = 0; i < MAX_SETTLE_BLOCKS; i++) {
      long compiling0 = jit.getTotalCompilationTime();
      long t0 = System.nanoTime();
      driver.roundTrips(message, 0, SETTLE_BLOCK);
      double blockMillis = (System.nanoTime() - t0) / 1e6;
      if (jit.getTotalCompilationTime() - compiling0 < blockMillis / 100) {
        return;
      }
    }
    System.out.println(
        "NOTE round trips measured with the JIT still compiling after "
            + MAX_SETTLE_BLOCKS
            + " warm-up blocks");
  }

  private static void idle(Driver driver, int count) throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    for (int i = 0; i < IDLE_PRELUDE; i++) {
      open.add(driver.openIdle());
    }
    long heap0 = heapAfterGc();
    long rss0 = rssBytes();
    int threads0 = ManagementFactory.getThreadMXBean().getThreadCount();
    long t0 = System.nanoTime();
    long limit = t0 + 10L * 60 * 1_000_000_000L;
    int opened = 0;
    String stoppedBy = "";
    try {
      for (; opened < count; opened++) {
        open.add(driver.openIdle());
        if (System.nanoTime() > limit) {
          stoppedBy = "time limit";
          opened++;
          break;
        }
      }
    } catch (Throwable t) {
      stoppedBy = t.toString().replace('\n', ' ');
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long heap1 = heapAfterGc();
    long rss1 = rssBytes();
    int threads1 = ManagementFactory.getThreadMXBean().getThreadCount();
    result("idle_opened", opened);
    result("idle_open_s", seconds);
    result("idle_heap_per_conn_b", opened == 0 ? 0 : (double) (heap1 - heap0) / opened);
    result("idle_native_per_conn_b", opened == 0 ? 0 : (double) (rss1 - rss0) / opened);
    result("idle_threads_per_conn", opened == 0 ? 0 : (double) (threads1 - threads0) / opened);
    if (!stoppedBy.isEmpty()) {
      System.out.println("NOTE idle stopped after " + opened + ": " + stoppedBy);
    }
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Heap bytes allocated so far by the threads alive now (a thread that ended is not counted: the
   * workloads run on threads that outlive them).
   */
  static long allocatedBytes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, bytes); // -1 for a thread that ended meanwhile
    }
    return total;
  }

  /** Heap in use after full collections (System.gc() is a full GC with G1 and Parallel). */
  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /**
   * Resident set size. The runner's heap is fixed and pre-touched (-Xms = -Xmx, AlwaysPreTouch), so
   * a change in RSS is memory outside the heap: thread stacks, direct buffers, malloc.
   */
  private static long rssBytes() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  private static byte[] payload(int size) {
    byte[] b = new byte[size];
    new Random(42).nextBytes(b);
    return b;
  }

  static void result(String key, double value) {
    System.out.println("RESULT " + key + " " + value);
    System.out.flush();
  }
}
