package dev.websocket.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end comparison: starts the WebSocket and raw TCP echo servers as child JVMs on free
 * loopback ports, runs every client's workloads in a fresh JVM per client and round (rotating the
 * order each round), then the idle-connection test in one more JVM per client, and writes the
 * tables and the chart through {@link Report}.
 *
 * <p>Where {@code taskset} works, each round also measures every client's round trips with the
 * client and a second pair of echo servers pinned to CPU 0: no wake-up then crosses CPUs, so the
 * figure is the two ends' code and the kernel, without the wake-up latency of the machine's other
 * CPU (on a virtual machine, often the hypervisor resuming a halted vCPU).
 *
 * <pre>
 * java -cp benchmarks.jar dev.websocket.benchmarks.e2e.Harness quick|full [resultsDir] [client,client...]
 * </pre>
 */
public final class Harness {

  private static final String HOST = "127.0.0.1";

  /**
   * Java-WebSocket and Jetty log through SLF4J, which warns that no binding is present: not news.
   */
  private static final String QUIET_SLF4J = "-Dslf4j.internal.verbosity=ERROR";

  /** What runs a child on CPU 0 only. */
  private static final List<String> ON_CPU_0 = List.of("taskset", "-c", "0");

  private Harness() {}

  public static void main(String[] args) throws Exception {
    Profile profile = Profile.of(args.length > 0 ? args[0] : "quick");
    Path results = Path.of(args.length > 1 ? args[1] : "benchmarks/results");
    List<String> clients = args.length > 2 ? Arrays.asList(args[2].split(",")) : Peers.keys();
    // Each child's output, for when a figure looks wrong; beside the build output, not committed.
    Path logs =
        results.toAbsolutePath().getParent().resolve("target").resolve("e2e-logs-" + profile.name);
    Files.createDirectories(logs);

    List<String> java = List.of(ProcessHandle.current().info().command().orElse("java"));
    List<String> javaOnCpu0 = new ArrayList<>(ON_CPU_0);
    javaOnCpu0.addAll(java);
    boolean oneCpu = tasksetWorks();
    String classpath = System.getProperty("java.class.path");
    Environment environment = Environment.capture(profile);
    System.out.println("# " + profile);
    System.out.println("# " + environment.oneLine());

    Process wsServer = startServer(java, classpath, "ws", logs);
    Process rawServer = startServer(java, classpath, "raw", logs);
    Process wsServerOneCpu = oneCpu ? startServer(javaOnCpu0, classpath, "ws", logs) : null;
    Process rawServerOneCpu = oneCpu ? startServer(javaOnCpu0, classpath, "raw", logs) : null;
    Map<String, Map<String, List<Double>>> figures = new LinkedHashMap<>();
    Map<String, String> notes = new LinkedHashMap<>();
    for (String c : clients) {
      figures.put(c, new LinkedHashMap<>());
    }
    Children children = new Children(classpath, figures, notes);
    // The rt profile runs only the round trips in the bench children.
    List<String> benchHeap =
        profile.roundTripsOnly()
            ? List.of("-Xms1g", "-Xmx1g", "-De2e.only=rt")
            : List.of("-Xms1g", "-Xmx1g");
    try {
      int wsPort = port(wsServer);
      int rawPort = port(rawServer);
      int wsPortOneCpu = oneCpu ? port(wsServerOneCpu) : 0;
      int rawPortOneCpu = oneCpu ? port(rawServerOneCpu) : 0;
      for (int round = 0; round < profile.rounds; round++) {
        for (int i = 0; i < clients.size(); i++) {
          String client = clients.get((i + round) % clients.size());
          System.out.printf("round %d/%d: %s%n", round + 1, profile.rounds, client);
          children.run(
              java,
              benchHeap,
              List.of("bench", client, HOST, "" + wsPort, "" + rawPort, profile.name),
              logs.resolve(client + "-bench-" + (round + 1) + ".log"),
              10,
              client);
          if (oneCpu) {
            children.run(
                javaOnCpu0,
                List.of("-Xms1g", "-Xmx1g", "-De2e.only=rt", "-De2e.rtKey=rt_one"),
                List.of("bench", client, HOST, "" + wsPortOneCpu, "" + rawPortOneCpu, profile.name),
                logs.resolve(client + "-rt-one-cpu-" + (round + 1) + ".log"),
                10,
                client);
          }
        }
      }
      for (String client : profile.roundTripsOnly() ? List.<String>of() : clients) {
        System.out.printf("idle: %s, %d connections%n", client, profile.idleConnections);
        // A fixed, pre-touched heap: RSS then grows only by what is outside the heap.
        children.run(
            java,
            List.of("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"),
            List.of("idle", client, HOST, "" + wsPort, "" + rawPort, "" + profile.idleConnections),
            logs.resolve(client + "-idle.log"),
            15,
            client);
        // Let the server see the closed connections go before the next client opens its own.
        Thread.sleep(2000);
      }
    } finally {
      for (Process server : Arrays.asList(wsServer, rawServer, wsServerOneCpu, rawServerOneCpu)) {
        if (server != null) {
          server.toHandle().destroy();
          server.waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
    environment.finish();
    Report report = new Report(profile, environment, clients, figures, notes);
    report.write(results);
    System.out.println();
    System.out.println(report.markdown());
  }

  private static Process startServer(List<String> java, String classpath, String mode, Path logs)
      throws IOException {
    List<String> command = new ArrayList<>(java);
    command.addAll(
        List.of(
            "-Xms1g",
            "-Xmx1g",
            "-Dio.netty.leakDetection.level=disabled",
            QUIET_SLF4J,
            "-cp",
            classpath,
            EchoServer.class.getName(),
            mode));
    String pinned = java.size() > 1 ? "-one-cpu" : "";
    return new ProcessBuilder(command)
        .redirectError(logs.resolve("server-" + mode + pinned + ".err").toFile())
        .start();
  }

  /** Whether {@code taskset} can pin a child here (Linux with util-linux). */
  private static boolean tasksetWorks() {
    List<String> command = new ArrayList<>(ON_CPU_0);
    command.add("true");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int port(Process server) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("PORT ")) {
      throw new IOException("echo server did not start: " + line);
    }
    System.out.println("# echo server: " + line);
    Thread drain =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // discard
                }
              } catch (IOException e) {
                // server gone
              }
            });
    drain.setDaemon(true);
    drain.start();
    return Integer.parseInt(line.split(" ")[1]);
  }

  /** Runs {@link ClientRunner} children and gathers their figures and notes, per client. */
  private record Children(
      String classpath, Map<String, Map<String, List<Double>>> figures, Map<String, String> notes) {

    void run(
        List<String> java,
        List<String> jvmArgs,
        List<String> args,
        Path log,
        int timeoutMinutes,
        String client)
        throws Exception {
      Map<String, List<Double>> into = figures.get(client);
      List<String> command = new ArrayList<>(java);
      command.addAll(jvmArgs);
      command.add(QUIET_SLF4J);
      command.add("-cp");
      command.add(classpath);
      command.add(ClientRunner.class.getName());
      command.addAll(args);
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      List<String> lines = new ArrayList<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = out.readLine()) != null; ) {
                    synchronized (lines) {
                      lines.add(line);
                    }
                  }
                } catch (IOException e) {
                  // process gone
                }
              });
      reader.start();
      boolean finished = process.waitFor(timeoutMinutes, TimeUnit.MINUTES);
      if (!finished) {
        process.toHandle().destroyForcibly();
        process.waitFor();
      }
      reader.join(10_000);
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(log))) {
        synchronized (lines) {
          lines.forEach(w::println);
        }
      }
      synchronized (lines) {
        for (String line : lines) {
          if (line.startsWith("RESULT ")) {
            String[] parts = line.split(" ");
            into.computeIfAbsent(parts[1], k -> new ArrayList<>())
                .add(Double.parseDouble(parts[2]));
            System.out.println(
                "  " + parts[1] + " = " + String.format("%.1f", Double.parseDouble(parts[2])));
          } else if (line.startsWith("NOTE ")) {
            notes.merge(client, line.substring(5), (a, b) -> a + "; " + b);
            System.out.println("  " + line);
          }
        }
      }
      if (!finished || process.exitValue() != 0) {
        String why =
            !finished
                ? "timed out after " + timeoutMinutes + " min"
                : "exit " + process.exitValue();
        notes.merge(
            client,
            args.get(0) + " run failed (" + why + "), see " + log.getFileName(),
            (a, b) -> a + "; " + b);
        System.out.println("  FAILED (" + why + "), log: " + log);
      }
    }
  }
}
