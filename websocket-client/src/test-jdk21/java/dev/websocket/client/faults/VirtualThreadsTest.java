package dev.websocket.client.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.websocket.client.ConnectOptions;
import dev.websocket.client.RunOptions;
import dev.websocket.client.WebSocket;
import dev.websocket.client.WebSocketApp;
import io.netty.util.internal.PlatformDependent;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One virtual thread per connection, 10,000 of them, each with its own blocking {@link WebSocket}
 * in an echo loop; all complete, and a JFR recording shows no virtual thread pinned to its carrier
 * in the client's code (jdk.VirtualThreadPinned at a 0 ms threshold) and none waiting in a monitor
 * (jdk.JavaMonitorWait at 0 ms: such a wait pins on JDK 21 to 23, where this JDK would not show it
 * as pinned). Prints memory per connection.
 *
 * <p>Compiled and run only on JDK 21 and later (the {@code jdk21} profile). The server runs in this
 * JVM when the file-descriptor limit allows two descriptors per connection, else in a child JVM;
 * with too low a limit even for one the test is skipped with a message saying so. {@code
 * -Dvt.connections} and {@code -Dvt.rounds} change the shape.
 */
class VirtualThreadsTest {

  private static final int CONNECTIONS = Integer.getInteger("vt.connections", 10_000);
  private static final int ROUNDS = Integer.getInteger("vt.rounds", 5);
  private static final int CONNECTS_IN_FLIGHT = 200;
  private static final Duration WAIT = Duration.ofSeconds(90);
  /** Descriptors beyond the connections': the JVM's own, the event loops', JFR's. */
  private static final long MARGIN = 1024;

  @Test
  void tenThousandVirtualThreadsEachWithABlockingWebSocketEchoWithoutPinning(@TempDir Path dir) throws Exception {
    long limit = descriptorLimit();
    boolean serverHere = limit >= 2L * CONNECTIONS + MARGIN;
    Assumptions.assumeTrue(limit >= CONNECTIONS + MARGIN, "needs ulimit -n >= " + (CONNECTIONS + MARGIN)
        + " (have " + limit + "): raise it in the shell that starts Maven");
    ConnectOptions options = ConnectOptions.builder()
        .timeout(WAIT)
        .proxyFromEnvironment(false)
        .compression(false)
        .receiveBufferBytes(16 * 1024)
        .sendBufferBytes(16 * 1024)
        .build();

    try (LoadServer server = serverHere ? LoadServer.inProcess() : LoadServer.childProcess()) {
      String url = server.uri("/vt");
      // Warm-up outside the recording: the first connection initialises the classes on its path,
      // and a virtual thread that waits for another's class initialisation is pinned meanwhile.
      try (ExecutorService one = Executors.newVirtualThreadPerTaskExecutor()) {
        one.submit(() -> {
          echoLoop(url, options, () -> { }, new CountDownLatch(0), null);
          return null;
        }).get();
      }

      Path jfr = dir.resolve("virtual-threads.jfr");
      try (Recording recording = new Recording()) {
        recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
        recording.enable("jdk.JavaMonitorWait").withThreshold(Duration.ZERO).withStackTrace();
        recording.start();
        Result result = assertTimeoutPreemptively(WAIT.multipliedBy(2), () -> run(url, options));
        recording.stop();
        recording.dump(jfr);

        System.out.printf("virtual threads: %d connections, each its own virtual thread, %d echoes each; connected in %d ms,"
                + " echoed and closed in %d ms; memory per connection (%s): %.1f KiB heap, %.1f KiB direct%n",
            CONNECTIONS, ROUNDS, result.connectMillis, result.echoMillis,
            serverHere ? "client and server together, one JVM" : "client; the server runs in its own JVM",
            result.heapPerConnection / 1024.0, result.directPerConnection / 1024.0);
        assertEquals(List.of(), result.firstErrors, "errors: " + result.errors);
        assertEquals(CONNECTIONS, result.completed);
      }
      server.awaitAllClosed(WAIT);
      List<String> pinned = events(jfr, "jdk.VirtualThreadPinned", VirtualThreadsTest::inClientCode);
      assertEquals(List.of(), pinned, "virtual threads pinned in the client's code");
      // A virtual thread that waits in Object.wait is unmounted first on JDK 24 and later, and its
      // event's stack then holds only the continuation's entry: every such wait counts, since this
      // test's own threads wait on latches and semaphores, never on a monitor.
      List<String> monitorWaits = events(jfr, "jdk.JavaMonitorWait", e -> e.getThread("eventThread").isVirtual());
      assertEquals(List.of(), monitorWaits, "virtual threads waiting in a monitor (which pins on JDK 21 to 23)");
    }
  }

  @Test
  void anAppRunsOnAVirtualThread() throws Exception {
    try (LoadServer server = LoadServer.inProcess()) {
      CompletableFuture<Boolean> openedOnVirtual = new CompletableFuture<>();
      WebSocketApp app = WebSocketApp.builder(server.uri("/app"))
          .options(ConnectOptions.builder().proxyFromEnvironment(false).build())
          .onOpen(a -> openedOnVirtual.complete(Thread.currentThread().isVirtual()))
          .build();
      WebSocketApp.Handle handle = app.start(RunOptions.DEFAULT, Thread.ofVirtual().name("app").factory());
      try {
        assertTrue(openedOnVirtual.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      } finally {
        handle.close();
      }
    }
  }

  /** What {@link #run} measured. */
  private record Result(int completed, int errors, List<Throwable> firstErrors, long connectMillis, long echoMillis,
      long heapPerConnection, long directPerConnection) {}

  private static Result run(String url, ConnectOptions options) throws Exception {
    CountDownLatch connected = new CountDownLatch(CONNECTIONS);
    CountDownLatch go = new CountDownLatch(1);
    Semaphore connecting = new Semaphore(CONNECTS_IN_FLIGHT);
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> firstErrors = new ConcurrentLinkedQueue<>();
    long heapBefore = usedHeapAfterGc();
    long directBefore = PlatformDependent.usedDirectMemory();
    long start = System.nanoTime();
    long heapPerConnection;
    long directPerConnection;
    long connectMillis;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < CONNECTIONS; i++) {
        threads.execute(() -> {
          boolean[] counted = {false};
          try {
            connecting.acquire();
            echoLoop(url, options, () -> {
              counted[0] = true;
              connected.countDown();
            }, go, connecting);
            completed.incrementAndGet();
          } catch (Throwable e) {
            if (errors.incrementAndGet() <= 5) {
              firstErrors.add(e);
            }
          } finally {
            if (!counted[0]) {
              connected.countDown(); // failed before connecting: nothing to wait for
            }
          }
        });
      }
      if (!connected.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("connected: " + (CONNECTIONS - connected.getCount()) + " of " + CONNECTIONS);
      }
      connectMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      // Every connection open and every virtual thread parked on the latch: this is what one costs.
      heapPerConnection = (usedHeapAfterGc() - heapBefore) / CONNECTIONS;
      directPerConnection = (PlatformDependent.usedDirectMemory() - directBefore) / CONNECTIONS;
      go.countDown();
    } // close() waits for every thread
    long echoMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) - connectMillis;
    return new Result(completed.get(), errors.get(), List.copyOf(firstErrors), connectMillis, echoMillis,
        heapPerConnection, directPerConnection);
  }

  /** Connects, waits for the go, echoes {@link #ROUNDS} messages one at a time, closes. */
  private static void echoLoop(String url, ConnectOptions options, Runnable connected, CountDownLatch go,
      Semaphore connecting) throws Exception {
    WebSocket ws;
    try {
      ws = WebSocket.connect(url, options);
    } finally {
      if (connecting != null) {
        connecting.release();
      }
    }
    try (ws) {
      connected.run();
      go.await();
      for (int i = 0; i < ROUNDS; i++) {
        String text = "message " + i;
        ws.send(text);
        String echo = ws.recv().text();
        if (!echo.equals(text)) {
          throw new AssertionError("sent " + text + ", received " + echo);
        }
      }
    }
  }

  /** The events of {@code type} that {@code which} selects, each described by its fields and top frames. */
  private static List<String> events(Path jfr, String type, Predicate<RecordedEvent> which) throws Exception {
    return RecordingFile.readAllEvents(jfr).stream()
        .filter(e -> e.getEventType().getName().equals(type))
        .filter(which)
        .limit(10)
        .map(VirtualThreadsTest::describe)
        .collect(Collectors.toList());
  }

  /** {@code <monitor class> for <duration> at <top frames>}. */
  private static String describe(RecordedEvent e) {
    String monitor = e.hasField("monitorClass") && e.getClass("monitorClass") != null
        ? e.getClass("monitorClass").getName() + " " : "";
    String stack = e.getStackTrace() == null ? "?" : e.getStackTrace().getFrames().stream().limit(12)
        .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName() + ":" + f.getLineNumber())
        .collect(Collectors.joining(" <- "));
    return monitor + "for " + e.getDuration().toMillis() + " ms at " + stack;
  }

  private static boolean inClientCode(RecordedEvent event) {
    if (event.getStackTrace() == null) {
      return false;
    }
    for (RecordedFrame frame : event.getStackTrace().getFrames()) {
      String type = frame.getMethod().getType().getName();
      if (type.startsWith("dev.websocket.") && !type.startsWith("dev.websocket.client.faults.")
          && !type.startsWith("dev.websocket.client.testing.")) {
        return true;
      }
    }
    return false;
  }

  private static long descriptorLimit() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    Assumptions.assumeTrue(os instanceof UnixOperatingSystemMXBean, "needs a Unix JVM to read the descriptor limit");
    return ((UnixOperatingSystemMXBean) os).getMaxFileDescriptorCount();
  }

  private static long usedHeapAfterGc() {
    Runtime r = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return r.totalMemory() - r.freeMemory();
  }
}
