package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.ServerConnection;
import dev.websocket.client.testing.TestServerConfig;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.codec.CloseStatus;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A send the app refuses returns false and its reason reaches {@code onError} on the runForever
 * thread, like every other callback, never on the thread that called send.
 */
class WebSocketAppSendFailureTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private TestWebSocketServer server;
  private WebSocketApp.Handle handle;

  /** The thread runForever runs on. */
  private final AtomicReference<Thread> runThread = new AtomicReference<>();

  /** Each callback as it ran: its name, and the thread it ran on. */
  private final List<String> events = new CopyOnWriteArrayList<>();

  private final List<Thread> errorThreads = new CopyOnWriteArrayList<>();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final CountDownLatch errorReported = new CountDownLatch(1);

  @AfterEach
  void stop() throws InterruptedException {
    if (handle != null) {
      handle.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private WebSocketApp.Builder app() {
    return app(TestWebSocketServer.builder().echo(false));
  }

  private WebSocketApp.Builder app(TestServerConfig.Builder serverConfig) {
    server = serverConfig.start();
    return WebSocketApp.builder(server.uri("/"))
        .onError(
            (a, e) -> {
              events.add("error");
              errorThreads.add(Thread.currentThread());
              errors.add(e);
              errorReported.countDown();
            });
  }

  private WebSocketApp.Handle start(WebSocketApp app, RunOptions options) {
    return app.start(
        options,
        r -> {
          Thread t = new Thread(r, "app-run");
          t.setDaemon(true);
          runThread.set(t);
          return t;
        });
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertTrue(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "timed out");
  }

  @ParameterizedTest(name = "ioOnCallerThread {0}")
  @ValueSource(booleans = {false, true})
  void aSendUnderBackpressureTimesOutWithTheOptionsTimeoutAndWakesTheRunLoopToReport(
      boolean ioOnCallerThread) throws Exception {
    CountDownLatch opened = new CountDownLatch(1);
    CountDownLatch received = new CountDownLatch(1);
    WebSocketApp app =
        app(TestWebSocketServer.builder()
                .echo(false)
                .recordFrames(false)
                .pauseReadingAfterHandshake()
                .receiveBufferSize(64 * 1024))
            .options(
                ConnectOptions.builder()
                    // Connects too: long enough for a handshake on a loaded machine.
                    .timeout(Duration.ofSeconds(1))
                    .sendBufferBytes(64 * 1024)
                    .socketOption(ChannelOption.SO_SNDBUF, 64 * 1024)
                    .ioOnCallerThread(ioOnCallerThread)
                    .build())
            .onOpen(a -> opened.countDown())
            .onMessage(
                (a, m) -> {
                  events.add("message " + m.text());
                  received.countDown();
                })
            .build();
    // No ping interval: the run loop waits for a message with no deadline of its own.
    handle = start(app, RunOptions.builder().build());
    ServerConnection connection = server.awaitUpgradedConnection(WAIT);
    await(opened);
    byte[] chunk = new byte[16 * 1024];
    int sent =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () -> {
              // At most 64 MiB, far beyond the socket buffers and the 64 KiB send buffer.
              for (int i = 0; i < 4096; i++) {
                if (!app.send(chunk)) {
                  return i;
                }
              }
              throw new AssertionError("64 MiB went to a server that reads nothing");
            });
    assertTrue(sent > 0, "sends went out before the buffers filled: " + errors);

    // The run thread waits for a message with no timer due: the refused send wakes it to report.
    await(errorReported);
    assertSame(runThread.get(), errorThreads.get(0), "onError ran on " + errorThreads.get(0));
    assertInstanceOf(WebSocketTimeoutException.class, errors.get(0));
    assertEquals(
        "Send timed out after 1000 ms: the server is not reading", errors.get(0).getMessage());
    assertTrue(app.isConnected(), "a timed-out send leaves the connection open");

    // The woken loop reads on: a message after the wake-up arrives whole.
    connection.sendText("still here");
    await(received);
    assertEquals(List.of("error", "message still here"), events);
  }

  @Test
  void aSendFromAnotherThreadBetweenConnectionsReportsOnTheRunThread() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    WebSocketApp app =
        app()
            .onClose(
                (a, status, reason) -> {
                  events.add("close " + status);
                  closed.countDown();
                })
            .build();
    // A long reconnect delay: the run thread waits in it while the test sends.
    handle = start(app, RunOptions.builder().reconnect(Duration.ofMinutes(5)).build());
    ServerConnection connection = server.awaitUpgradedConnection(WAIT);
    connection.close(1001, "going away");
    await(closed);

    assertFalse(app.send("late"), "not connected: refused");
    await(errorReported);

    assertSame(runThread.get(), errorThreads.get(0), "onError ran on " + errorThreads.get(0));
    assertInstanceOf(WebSocketConnectionClosedException.class, errors.get(0));
    assertEquals("WebSocketApp is not connected", errors.get(0).getMessage());
    assertTrue(handle.app().isRunning(), "still waiting to reconnect");
  }

  @Test
  void aSendFromAnotherThreadWhileACallbackRunsReportsAfterItBeforeTheClose() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    AtomicReference<byte[]> key = new AtomicReference<>(new byte[] {1, 2, 3, 4});
    WebSocketApp app =
        app()
            .options(ConnectOptions.builder().maskKeySupplier(key::get).build())
            .onMessage(
                (a, m) -> {
                  events.add("message " + m.text());
                  holding.countDown();
                  try {
                    release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                })
            .onClose(
                (a, status, reason) -> {
                  events.add("close " + status);
                  closed.countDown();
                })
            .build();
    handle = start(app, RunOptions.builder().build());
    ServerConnection connection = server.awaitUpgradedConnection(WAIT);
    connection.sendText("hold");
    await(holding);
    // A broken supplier refuses the send (and fails the connection with 1011).
    key.set(null);

    assertFalse(app.send("late"), "refused");
    assertTrue(errors.isEmpty(), "onError waits for the run thread, busy in onMessage");
    release.countDown();
    await(closed);

    assertEquals(List.of("message hold", "error"), events.subList(0, 2), events.toString());
    assertTrue(events.get(events.size() - 1).startsWith("close"), events.toString());
    assertSame(runThread.get(), errorThreads.get(0), "onError ran on " + errorThreads.get(0));
    assertEquals(
        "Mask key supplier failed: Mask key supplier must return 4 bytes, returned null",
        errors.get(0).getMessage());
    assertEquals(
        CloseStatus.UNEXPECTED_CONDITION, connection.awaitFrames(1, WAIT).get(0).closeCode());
  }

  @Test
  void aSendWhenTheAppIsNotRunningReportsOnTheCallingThread() {
    WebSocketApp app = app().build();

    assertFalse(app.send("nobody"));

    assertEquals(List.of(Thread.currentThread()), errorThreads);
    assertInstanceOf(WebSocketConnectionClosedException.class, errors.get(0));
  }
}
