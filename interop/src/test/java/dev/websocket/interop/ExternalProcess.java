package dev.websocket.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One external program run by a test class: started with {@link ProcessBuilder}, its standard
 * output and error copied line by line to {@code target/interop-logs/<name>.log} (read that file
 * when a peer misbehaves), stopped by its own process handle.
 */
final class ExternalProcess implements AutoCloseable {

  /** How long a peer may take to start listening. */
  static final Duration START_DEADLINE = Duration.ofSeconds(30);

  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final String name;
  private final Process process;
  private final Path log;
  private final Pattern readyLine;
  private final CompletableFuture<Matcher> ready = new CompletableFuture<>();

  private ExternalProcess(String name, Process process, Path log, Pattern readyLine) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.readyLine = readyLine;
  }

  /**
   * Starts {@code command} in {@code directory}, its output going to the log; {@code readyLine},
   * when not null, is a line the program prints once it listens (see {@link #awaitReadyLine}).
   */
  static ExternalProcess start(String name, List<String> command, Path directory, Pattern readyLine)
      throws IOException {
    Path logs = Files.createDirectories(Programs.logDirectory());
    Path log = logs.resolve(name + ".log");
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    ExternalProcess external = new ExternalProcess(name, process, log, readyLine);
    Thread copier = new Thread(external::copyOutput, "interop-" + name + "-output");
    copier.setDaemon(true);
    copier.start();
    return external;
  }

  private void copyOutput() {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      out.write("$ " + String.join(" ", process.info().commandLine().orElse(name)) + "\n");
      out.flush();
      for (String line; (line = in.readLine()) != null; ) {
        out.write(line);
        out.write('\n');
        out.flush();
        if (readyLine != null && !ready.isDone()) {
          Matcher m = readyLine.matcher(line);
          if (m.find()) {
            ready.complete(m);
          }
        }
      }
    } catch (IOException e) {
      ready.completeExceptionally(e);
      return;
    }
    ready.completeExceptionally(new IllegalStateException(name + " closed its output"));
  }

  /** The process, e.g. for its pid. */
  Process process() {
    return process;
  }

  /** Where its output goes. */
  Path log() {
    return log;
  }

  /**
   * Waits for the ready line and returns its match; fails with the log's path when it never comes.
   */
  Matcher awaitReadyLine(Duration deadline) {
    try {
      return ready.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted waiting for " + name, e);
    } catch (ExecutionException | TimeoutException e) {
      throw startFailure(
          "did not print a line matching /"
              + readyLine
              + "/ within "
              + deadline.toSeconds()
              + " s");
    }
  }

  /**
   * Polls until a TCP connection to 127.0.0.1:{@code port} is accepted, the process dies, or the
   * deadline passes.
   */
  void awaitPort(int port, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException notYet) {
        // not listening yet
      }
      if (!process.isAlive()) {
        throw startFailure(
            "exited with " + process.exitValue() + " before accepting connections on port " + port);
      }
      if (System.nanoTime() - end > 0) {
        throw startFailure(
            "accepted no connection on port " + port + " within " + deadline.toSeconds() + " s");
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  private AssertionError startFailure(String what) {
    String tail = "";
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      tail = "(log unreadable: " + e + ")";
    }
    return new AssertionError(name + " " + what + "; its output (" + log + "):\n" + tail);
  }

  /**
   * Stops the program: SIGTERM, then after a grace period SIGKILL; then whatever it started that
   * outlived it (its helpers are left to the program itself first: squid restarts a helper that
   * dies under it).
   */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * A port that was free a moment ago on 127.0.0.1, for programs that cannot bind port 0 and report
   * it (nginx, squid, microsocks). Another process could take it before the program binds it; the
   * program then fails to start and {@link #awaitPort} says so.
   */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + log + ")";
  }
}
