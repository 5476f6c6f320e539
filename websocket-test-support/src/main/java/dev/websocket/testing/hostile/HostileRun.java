package dev.websocket.testing.hostile;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The parent side of a hostile run: starts a {@link HostileServer} for one case in this JVM and a
 * client in a child JVM with small heap and direct-memory limits (a {@link HostileProbe} main), and
 * reads back what the child measured. A child that dies (out of memory, say) is an outcome too.
 */
public final class HostileRun {

  /**
   * What a child reported, or how it died, and how many bytes the server managed to send (small
   * when the client held it back).
   */
  public record Result(
      HostileCase hostileCase,
      String client,
      long peakGrowthBytes,
      long millis,
      String outcome,
      long serverBytes) {

    /** Whether the child finished and reported; false when it died or hung. */
    public boolean reported() {
      return peakGrowthBytes >= 0;
    }

    /** The peak growth in MiB, one decimal. */
    public String peakMiB() {
      return reported() ? mib(peakGrowthBytes) : "-";
    }

    /** The bytes the server sent in MiB, one decimal. */
    public String serverMiB() {
      return mib(serverBytes);
    }

    private static String mib(long bytes) {
      return String.format("%.1f", bytes / (1024.0 * 1024.0));
    }
  }

  private final String mainClass;
  private final String classPath;
  private final String memoryLimit;
  private final Duration hold;

  /**
   * Runs children of {@code mainClass} (a main that calls {@link HostileProbe#main}) on {@code
   * classPath}, each with {@code -Xmx} and {@code -XX:MaxDirectMemorySize} of {@code memoryLimit}
   * (such as "128m"), holding each case for {@code hold}.
   */
  public HostileRun(String mainClass, String classPath, String memoryLimit, Duration hold) {
    this.mainClass = mainClass;
    this.classPath = classPath;
    this.memoryLimit = memoryLimit;
    this.hold = hold;
  }

  /** Runs {@code hostileCase} against the client the child main knows as {@code client}. */
  public Result run(HostileCase hostileCase, String client)
      throws IOException, InterruptedException {
    try (HostileServer server = HostileServer.start(hostileCase)) {
      List<String> command =
          new ArrayList<>(
              List.of(
                  System.getProperty("java.home")
                      + File.separator
                      + "bin"
                      + File.separator
                      + "java",
                  "-Xmx" + memoryLimit,
                  "-XX:MaxDirectMemorySize=" + memoryLimit,
                  "-XX:+ExitOnOutOfMemoryError",
                  "-Dio.netty.leakDetection.level=disabled",
                  "-cp",
                  classPath,
                  mainClass,
                  hostileCase.name(),
                  server.url(),
                  Long.toString(hold.toMillis()),
                  client));
      Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
      CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> readLines(child));
      boolean exited = child.waitFor(hold.toSeconds() + 60, TimeUnit.SECONDS);
      if (!exited) {
        child.destroyForcibly().waitFor();
      }
      List<String> output = lines.join();
      for (String line : output) {
        if (line.startsWith(HostileProbe.RESULT)) {
          String[] fields = line.substring(HostileProbe.RESULT.length()).split("\t", 3);
          return new Result(
              hostileCase,
              client,
              Long.parseLong(fields[0]),
              Long.parseLong(fields[1]),
              fields[2],
              server.bytesSent());
        }
      }
      String last = output.isEmpty() ? "" : ": " + output.get(output.size() - 1);
      String death =
          !exited
              ? "hung"
              : child.exitValue() == 3 ? "OutOfMemoryError" : "exit " + child.exitValue();
      return new Result(
          hostileCase, client, -1, -1, "child died (" + death + ")" + last, server.bytesSent());
    }
  }

  private static List<String> readLines(Process child) {
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("reading the child's output failed: " + e);
    }
    return lines;
  }
}
