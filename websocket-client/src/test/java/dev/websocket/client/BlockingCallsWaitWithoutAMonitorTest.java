package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.websocket.client.testing.ClientCloseReply;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.client.testing.UpgradeResponse;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every blocking call of the facade waits without holding a monitor and outside {@code
 * Object.wait}: parked on a {@code LockSupport}-based primitive ({@code CompletableFuture}, a
 * {@code ReentrantLock} condition). A virtual thread that waits in a monitor pins its carrier
 * thread on JDK 21 to 23, so one virtual thread per connection would run out of carriers.
 *
 * <p>Each test blocks a thread in one call, waits until the thread is parked there, and reads its
 * state: the monitors it holds, and the lock it waits on.
 */
class BlockingCallsWaitWithoutAMonitorTest {

  private static final Duration LONG = Duration.ofSeconds(30);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private TestWebSocketServer server;
  private Thread caller;

  @BeforeEach
  void monitorsVisible() {
    assumeTrue(
        THREADS.isObjectMonitorUsageSupported(),
        "this JVM does not report the monitors a thread holds");
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (caller != null) {
      caller.interrupt();
      caller.join(TimeUnit.SECONDS.toMillis(10));
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void connectWaitsForTheHandshakeWithoutAMonitor() {
    server = TestWebSocketServer.builder().respond(UpgradeResponse.noAnswer()).start();
    ConnectOptions options =
        ConnectOptions.builder().timeout(LONG).proxyFromEnvironment(false).build();
    caller = start(() -> WebSocket.connect(server.uri("/"), options).abort());
    assertParkedWithoutMonitor(caller, "connect");
  }

  @Test
  void recvWaitsForAMessageWithoutAMonitor() throws Exception {
    server = TestWebSocketServer.echo();
    WebSocket ws =
        WebSocket.connect(
            server.uri("/"), ConnectOptions.builder().proxyFromEnvironment(false).build());
    try {
      caller = start(ws::recv);
      assertParkedWithoutMonitor(caller, "recv");
    } finally {
      ws.abort();
    }
  }

  @Test
  void sendWaitsForTheSocketToDrainWithoutAMonitor() throws Exception {
    server =
        TestWebSocketServer.builder().pauseReadingAfterHandshake().receiveBufferSize(4096).start();
    ConnectOptions options =
        ConnectOptions.builder()
            .sendBufferBytes(8192)
            .compression(false)
            .socketOption(io.netty.channel.ChannelOption.SO_SNDBUF, 4096)
            .proxyFromEnvironment(false)
            .build();
    WebSocket ws = WebSocket.connect(server.uri("/"), options);
    try {
      byte[] chunk = new byte[4096];
      caller =
          start(
              () -> {
                while (true) {
                  ws.send(chunk);
                }
              });
      assertParkedWithoutMonitor(caller, "send");
    } finally {
      ws.abort();
    }
  }

  @Test
  void closeWaitsForTheServersCloseWithoutAMonitor() throws Exception {
    server = TestWebSocketServer.builder().onClientClose(ClientCloseReply.IGNORE).start();
    WebSocket ws =
        WebSocket.connect(
            server.uri("/"),
            ConnectOptions.builder().closeTimeout(LONG).proxyFromEnvironment(false).build());
    try {
      caller = start(ws::close);
      assertParkedWithoutMonitor(caller, "close");
    } finally {
      ws.abort();
    }
  }

  @Test
  void waitingForAStartedAppToEndTakesNoMonitor() throws Exception {
    server = TestWebSocketServer.echo();
    CompletableFuture<Void> opened = new CompletableFuture<>();
    WebSocketApp app =
        WebSocketApp.builder(server.uri("/"))
            .options(ConnectOptions.builder().proxyFromEnvironment(false).build())
            .onOpen(a -> opened.complete(null))
            .build();
    WebSocketApp.Handle handle = app.start();
    try {
      opened.get(LONG.toSeconds(), TimeUnit.SECONDS);
      caller = start(handle::await);
      assertParkedWithoutMonitor(caller, "await");
    } finally {
      app.close();
    }
  }

  @Test
  void anAppRunsOnAThreadOfTheGivenFactory() throws Exception {
    server = TestWebSocketServer.echo();
    CompletableFuture<String> openedOn = new CompletableFuture<>();
    WebSocketApp app =
        WebSocketApp.builder(server.uri("/"))
            .options(ConnectOptions.builder().proxyFromEnvironment(false).build())
            .onOpen(a -> openedOn.complete(Thread.currentThread().getName()))
            .build();
    WebSocketApp.Handle handle =
        app.start(
            RunOptions.DEFAULT,
            task -> {
              Thread t = new Thread(task, "the caller's thread");
              t.setDaemon(true);
              return t;
            });
    try {
      assertEquals("the caller's thread", openedOn.get(LONG.toSeconds(), TimeUnit.SECONDS));
    } finally {
      handle.close();
    }
    assertTrue(handle.result().isDone());
  }

  // ------------------------------------------------------------------ fixtures

  private interface Call {
    void run() throws Exception;
  }

  private static Thread start(Call call) {
    Thread t =
        new Thread(
            () -> {
              try {
                call.run();
              } catch (Exception e) {
                // the test ends the call by closing, aborting or interrupting
              }
            },
            "blocking-call");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Waits until {@code thread} is waiting inside a method named {@code method} of this package,
   * then asserts it holds no monitor and waits on no monitor.
   */
  private static void assertParkedWithoutMonitor(Thread thread, String method) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    ThreadInfo info = THREADS.getThreadInfo(new long[] {thread.getId()}, true, false)[0];
    while (!waitingIn(info, method)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("the thread never waited in " + method + ": " + describe(info));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      info = THREADS.getThreadInfo(new long[] {thread.getId()}, true, false)[0];
    }
    ThreadInfo parked = info;
    MonitorInfo[] held = parked.getLockedMonitors();
    assertEquals(
        List.of(),
        Arrays.stream(held).map(m -> m.getClassName() + " at " + m.getLockedStackFrame()).toList(),
        () ->
            "monitors held while waiting in "
                + method
                + ": "
                + describe(THREADS.getThreadInfo(new long[] {thread.getId()}, true, false)[0]));
    StackTraceElement top = parked.getStackTrace()[0];
    assertTrue(
        !(top.getClassName().equals("java.lang.Object") && top.getMethodName().startsWith("wait")),
        () -> "waits in Object.wait (a monitor): " + describe(parked));
  }

  private static boolean waitingIn(ThreadInfo info, String method) {
    if (info == null
        || (info.getThreadState() != Thread.State.WAITING
            && info.getThreadState() != Thread.State.TIMED_WAITING)) {
      return false;
    }
    return Arrays.stream(info.getStackTrace())
        .anyMatch(
            f ->
                f.getClassName().startsWith("dev.websocket.client.")
                    && f.getMethodName().equals(method));
  }

  private static String describe(ThreadInfo info) {
    if (info == null) {
      return "(thread ended)";
    }
    return info.getThreadState()
        + " on "
        + info.getLockName()
        + "\n  "
        + Arrays.stream(info.getStackTrace())
            .limit(25)
            .map(String::valueOf)
            .collect(Collectors.joining("\n  "));
  }
}
