package dev.websocket.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.TlsOptions;
import dev.websocket.client.WebSocket;
import dev.websocket.client.testing.TestCertificates;
import dev.websocket.client.testing.TestWebSocketServer;
import io.netty.handler.ssl.SslContext;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PEM bundle named by {@value TlsOptions#CA_BUNDLE_ENV} is trusted as Python's library trusts
 * it. The variable is read by {@link TlsContexts#forOptions}; the tests pass its value directly.
 */
class TlsContextsTest {

  @Test
  void caBundleFromTheEnvironmentIsTrusted() throws Exception {
    String bundle = TestCertificates.get().ca().certificatePem().toString();
    SslContext context = TlsContexts.build(TlsOptions.DEFAULT, bundle);
    ConnectOptions options =
        ConnectOptions.builder().tls(TlsOptions.builder().sslContext(context).build()).build();
    try (TestWebSocketServer server = TestWebSocketServer.builder().tls().start();
        WebSocket ws = WebSocket.connect(server.uri("localhost", "/"), options)) {
      ws.send("bundle");
      assertEquals("bundle", ws.recv().text());
    }
  }

  @Test
  void caBundleFromTheEnvironmentMayNameAFolder(@TempDir Path folder) throws Exception {
    Files.copy(TestCertificates.get().ca().certificatePem(), folder.resolve("test-ca.pem"));
    SslContext context = TlsContexts.build(TlsOptions.DEFAULT, folder.toString());
    ConnectOptions options =
        ConnectOptions.builder().tls(TlsOptions.builder().sslContext(context).build()).build();
    try (TestWebSocketServer server = TestWebSocketServer.builder().tls().start();
        WebSocket ws = WebSocket.connect(server.uri("localhost", "/"), options)) {
      ws.send("bundle folder");
      assertEquals("bundle folder", ws.recv().text());
    }
  }

  @Test
  void contextIsBuiltOncePerOptions() throws Exception {
    TlsOptions options =
        TlsOptions.builder()
            .trustCertificates(TestCertificates.get().ca().certificatePem())
            .build();
    assertSame(TlsContexts.forOptions(options), TlsContexts.forOptions(options));
  }

  /**
   * Threads that need the context another thread is building wait for that build, parked without a
   * monitor (a virtual thread blocked on a monitor pins its carrier on JDK 21 to 23), and the
   * context is built once. The build is held in the middle by a trust file that is a named pipe:
   * opening it blocks until the test writes the PEM into it.
   */
  @Test
  void threadsNeedingAContextBeingBuiltWaitForItWithoutAMonitor(@TempDir Path folder)
      throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isObjectMonitorUsageSupported(), "monitors not reported by this JVM");
    Path pipe = folder.resolve("ca.pem");
    assumeTrue(mkfifo(pipe), "mkfifo (coreutils) is needed to hold a build in the middle");
    Path pipeLink = Files.createLink(folder.resolve("pipe"), pipe);
    TlsOptions options = TlsOptions.builder().trustCertificates(pipe).build();

    byte[] pem = Files.readAllBytes(TestCertificates.get().ca().certificatePem());
    CompletableFuture<SslContext> first = new CompletableFuture<>();
    CompletableFuture<SslContext> second = new CompletableFuture<>();
    ThreadInfo waiting;
    ThreadInfo building;
    try {
      Thread builder = contextOn(options, first, "builds");
      awaitIn(threads, builder, "PemCertificates");
      Thread waiter = contextOn(options, second, "waits");
      awaitIn(threads, waiter, "TlsContexts");
      waiting = threads.getThreadInfo(new long[] {waiter.getId()}, true, false)[0];
      building = threads.getThreadInfo(new long[] {builder.getId()}, true, false)[0];
      // Other options build meanwhile, held back by nothing.
      CompletableFuture<SslContext> other = new CompletableFuture<>();
      contextOn(TlsOptions.builder().verifyCertificates(false).build(), other, "other");
      assertNotNull(other.get(30, TimeUnit.SECONDS));
    } finally {
      feed(pipe, pipeLink, pem);
    }
    SslContext built = first.get(30, TimeUnit.SECONDS);
    assertSame(built, second.get(30, TimeUnit.SECONDS), "one build for both");
    assertSame(built, TlsContexts.forOptions(options));

    assertTrue(
        Arrays.stream(waiting.getStackTrace())
            .noneMatch(f -> f.getClassName().endsWith(".PemCertificates")),
        () -> "builds a second time: " + describe(waiting));
    assertNotEquals(Thread.State.BLOCKED, waiting.getThreadState(), describe(waiting));
    assertEquals(List.of(), Arrays.asList(waiting.getLockedMonitors()), describe(waiting));
    assertEquals(List.of(), Arrays.asList(building.getLockedMonitors()), describe(building));
  }

  /**
   * Lets the build held in its first open of the pipe go on: the path becomes a regular file with
   * the PEM (for the build's later reads of it), and the PEM is written into the pipe through its
   * other name, from a thread of its own as the write waits for the build's open.
   */
  private static void feed(Path pipe, Path pipeLink, byte[] pem) throws java.io.IOException {
    Files.delete(pipe);
    Files.write(pipe, pem);
    Thread feeder =
        new Thread(
            () -> {
              try {
                Files.write(pipeLink, pem);
              } catch (java.io.IOException e) {
                // the build is gone: the test fails on its result
              }
            },
            "feeds the pipe");
    feeder.setDaemon(true);
    feeder.start();
  }

  private static boolean mkfifo(Path path) throws InterruptedException {
    try {
      Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static Thread contextOn(
      TlsOptions options, CompletableFuture<SslContext> result, String name) {
    Thread t =
        new Thread(
            () -> {
              try {
                result.complete(TlsContexts.forOptions(options));
              } catch (Exception e) {
                result.completeExceptionally(e);
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Waits until {@code thread} has stopped (blocked, waiting or in a read that does not return)
   * inside a method of the class named {@code simpleName}.
   */
  private static void awaitIn(ThreadMXBean threads, Thread thread, String simpleName) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      ThreadInfo info = threads.getThreadInfo(new long[] {thread.getId()}, true, false)[0];
      if (info != null
          && Arrays.stream(info.getStackTrace())
              .anyMatch(f -> f.getClassName().endsWith("." + simpleName))
          && (info.getThreadState() != Thread.State.RUNNABLE
              || info.getStackTrace()[0].isNativeMethod())) {
        return;
      }
      assertTrue(System.nanoTime() - deadline < 0, "never stopped in " + simpleName + ": " + info);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  private static String describe(ThreadInfo info) {
    StringBuilder s = new StringBuilder(info.toString());
    for (StackTraceElement f : info.getStackTrace()) {
      s.append("\n\tat ").append(f);
    }
    return s.toString();
  }
}
