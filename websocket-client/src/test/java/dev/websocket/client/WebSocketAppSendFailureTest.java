package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.ServerConnection;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.codec.CloseStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
    server = TestWebSocketServer.builder().echo(false).start();
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
