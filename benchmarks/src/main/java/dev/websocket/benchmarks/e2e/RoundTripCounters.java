package dev.websocket.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One client's 64 B round trips at steady state, with what each round trip costs in counts that
 * load on a shared machine hardly moves: system calls and context switches (from {@code perf stat}
 * attached to this JVM for the measured round trips only, so neither its start nor the warm-up is
 * counted) and heap allocated (all threads). Time and CPU are printed too, for what they are worth
 * on a busy machine.
 *
 * <pre>
 * RoundTripCounters &lt;client&gt; &lt;host&gt; &lt;wsPort&gt; &lt;warmup&gt; &lt;count&gt; [perf events]
 * </pre>
 *
 * For example, with the e2e {@code EchoServer ws} on port 40207:
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar \
 *   dev.websocket.benchmarks.e2e.RoundTripCounters this-netty 127.0.0.1 40207 200000 200000 \
 *   context-switches,raw_syscalls:sys_enter,syscalls:sys_enter_futex,syscalls:sys_enter_sendto
 * </pre>
 *
 * <p>Prints {@code RESULT <key> <value>} lines, counters divided by the measured round trips. The
 * warm-up runs on a connection of its own, the measured round trips on a fresh one, as in {@link
 * ClientRunner}: after the warm-up, more round trips until the JIT has settled.
 */
public final class RoundTripCounters {

  /** Time for perf to attach to every thread before the measured round trips start. */
  private static final long PERF_ATTACH_MILLIS = 500;

  private RoundTripCounters() {}

  public static void main(String[] args) throws Exception {
    String key = args[0];
    String host = args[1];
    int port = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    int count = Integer.parseInt(args[4]);
    String events = args.length > 5 ? args[5] : null;
    byte[] message = new byte[Profile.SMALL];
    new Random(42).nextBytes(message);
    try {
      Driver driver = Peers.create(key).driver(host, port);
      ClientRunner.warmUpRoundTrips(driver, message, warmup);
      Path perfOutput = Files.createTempFile("rt-counters", ".csv");
      Process perf = events == null ? null : startPerf(events, perfOutput);
      long allocated0 = ClientRunner.allocatedBytes();
      long cpu0 = ClientRunner.cpuNanos();
      Histogram rt = driver.roundTrips(message, 0, count);
      long cpu = ClientRunner.cpuNanos() - cpu0;
      long allocated = ClientRunner.allocatedBytes() - allocated0;
      if (perf != null) {
        stopPerf(perf);
      }
      ClientRunner.result("rt_p50_us", rt.getValueAtPercentile(50) / 1e3);
      ClientRunner.result("rt_p99_us", rt.getValueAtPercentile(99) / 1e3);
      ClientRunner.result("rt_client_cpu_us", cpu / 1e3 / count);
      ClientRunner.result("rt_alloc_bytes", (double) allocated / count);
      if (perf != null) {
        printCounters(perfOutput, count);
      }
      Files.deleteIfExists(perfOutput);
    } catch (Throwable t) {
      t.printStackTrace();
      System.out.flush();
      Runtime.getRuntime().halt(1);
    }
    System.out.flush();
    // Some clients leave non-daemon threads behind: do not wait for them.
    System.exit(0);
  }

  private static Process startPerf(String events, Path output)
      throws IOException, InterruptedException {
    String pid = Long.toString(ProcessHandle.current().pid());
    Process perf =
        new ProcessBuilder("perf", "stat", "-x,", "-o", output.toString(), "-e", events, "-p", pid)
            .inheritIO()
            .start();
    Thread.sleep(PERF_ATTACH_MILLIS);
    if (!perf.isAlive()) {
      throw new IllegalStateException("perf stat ended at once, exit code " + perf.exitValue());
    }
    return perf;
  }

  /** SIGINT, on which perf stat writes its counts and ends. */
  private static void stopPerf(Process perf) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-INT", Long.toString(perf.pid())).start().waitFor();
    if (!perf.waitFor(30, TimeUnit.SECONDS)) {
      perf.destroyForcibly();
      throw new IllegalStateException("perf stat did not end");
    }
  }

  /** perf's CSV lines are {@code value,unit,event,...}; comments and unsupported events skipped. */
  private static void printCounters(Path perfOutput, int count) throws IOException {
    for (String line : Files.readAllLines(perfOutput)) {
      String[] fields = line.split(",");
      if (fields.length < 3 || fields[0].isEmpty() || !Character.isDigit(fields[0].charAt(0))) {
        continue;
      }
      String event = fields[2].replace("syscalls:sys_enter_", "").replace(':', '_');
      ClientRunner.result("perf_" + event + "_per_rt", Double.parseDouble(fields[0]) / count);
    }
  }
}
