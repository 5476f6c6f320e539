package dev.websocket.client.faults;

import dev.websocket.client.testing.ServerConnection;
import dev.websocket.client.testing.TestWebSocketServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The load run's echo server: in this JVM, or in a child JVM ({@link LoadServerMain}). */
interface LoadServer extends AutoCloseable {

  /** A ws:// URI on the server. */
  String uri(String path);

  /** Waits until {@code count} connections were upgraded. */
  void awaitUpgraded(int count, Duration timeout) throws Exception;

  /** Waits until the server has no connection open; fails if the server saw an error. */
  void awaitAllClosed(Duration timeout) throws Exception;

  /** File descriptors this JVM needs per connection with this server. */
  int descriptorsPerConnection();

  static LoadServer inProcess() {
    return new InProcess(TestWebSocketServer.builder().recordFrames(false).start());
  }

  static LoadServer childProcess() throws IOException {
    return new ChildProcess();
  }

  /** Both ends in this JVM. */
  final class InProcess implements LoadServer {
    private final TestWebSocketServer server;

    InProcess(TestWebSocketServer server) {
      this.server = server;
    }

    @Override
    public String uri(String path) {
      return server.uri(path);
    }

    @Override
    public void awaitUpgraded(int count, Duration timeout) {
      server.awaitConnections(count, timeout);
    }

    @Override
    public void awaitAllClosed(Duration timeout) {
      for (ServerConnection c : server.connections()) {
        c.awaitClosed(timeout);
      }
      if (!server.errors().isEmpty()) {
        throw new AssertionError("server errors: " + server.errors());
      }
    }

    @Override
    public int descriptorsPerConnection() {
      return 2;
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /** The server in a child JVM on this test's class path, asked for its counts over a pipe. */
  final class ChildProcess implements LoadServer {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final int port;

    ChildProcess() throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process =
          new ProcessBuilder(
                  java,
                  "-Xmx2g",
                  "-Dio.netty.leakDetection.level=disabled",
                  "-cp",
                  System.getProperty("java.class.path"),
                  LoadServerMain.class.getName())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      String first = out.readLine();
      if (first == null || !first.startsWith("PORT ")) {
        process.destroyForcibly();
        throw new IOException("the load server did not start: " + first);
      }
      port = Integer.parseInt(first.substring(5).trim());
    }

    @Override
    public String uri(String path) {
      return "ws://127.0.0.1:" + port + path;
    }

    /** upgraded, open, errors. */
    private long[] stats() throws IOException {
      in.write("stats\n");
      in.flush();
      String line = out.readLine();
      if (line == null || !line.startsWith("STATS ")) {
        throw new IOException("the load server answered " + line);
      }
      String[] parts = line.substring(6).trim().split(" ");
      return new long[] {
        Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])
      };
    }

    @Override
    public void awaitUpgraded(int count, Duration timeout) throws Exception {
      await(timeout, s -> s[0] >= count, "connections upgraded: want " + count);
    }

    @Override
    public void awaitAllClosed(Duration timeout) throws Exception {
      long[] last = await(timeout, s -> s[1] == 0, "connections still open on the server");
      if (last[2] != 0) {
        throw new AssertionError("server errors: " + last[2]);
      }
    }

    private long[] await(Duration timeout, java.util.function.Predicate<long[]> done, String what)
        throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      long[] s = stats();
      while (!done.test(s)) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError(
              what + " (upgraded " + s[0] + ", open " + s[1] + ", errors " + s[2] + ")");
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        s = stats();
      }
      return s;
    }

    @Override
    public int descriptorsPerConnection() {
      return 1;
    }

    @Override
    public void close() throws Exception {
      in.close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
