package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.ServerAction;
import dev.websocket.client.testing.ServerConnection;
import dev.websocket.client.testing.TestWebSocketServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * WebSocketApp: callbacks in wire order on the caller's thread, keepalive, pong timeout, reconnect.
 */
class WebSocketAppTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void callbacksRunOnTheCallingThreadInOrderOpenMessagesClose() {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(
                ServerAction.sendText("one"),
                ServerAction.sendBinary(new byte[] {9}),
                ServerAction.close(1000, "done"))
            .start();
    List<String> events = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    WebSocketApp app =
        WebSocketApp.builder(server.uri("/"))
            .onOpen(
                a -> {
                  threads.add(Thread.currentThread());
                  events.add("open");
                })
            .onMessage(
                (a, m) -> {
                  threads.add(Thread.currentThread());
                  events.add(m.isText() ? "text:" + m.text() : "binary:" + m.bytes().length);
                })
            .onClose(
                (a, status, reason) -> {
                  threads.add(Thread.currentThread());
                  events.add("close:" + status + ":" + reason);
                })
            .onError((a, e) -> events.add("error:" + e))
            .build();
    Thread[] runner = new Thread[1];
    boolean error =
        assertTimeoutPreemptively(
            WAIT,
            () -> {
              runner[0] = Thread.currentThread();
              return app.runForever();
            });
    assertFalse(error, "a clean close is not an error");
    assertEquals(List.of("open", "text:one", "binary:1", "close:1000:done"), events);
    assertTrue(
        threads.stream().allMatch(t -> t == runner[0]),
        "every callback on the thread that called runForever");
  }

  @Test
  void closeFromInsideACallbackEndsTheRun() {
    server = TestWebSocketServer.echo();
    List<String> events = new CopyOnWriteArrayList<>();
    WebSocketApp app =
        WebSocketApp.builder(server.uri("/"))
            .onOpen(a -> a.send("bye"))
            .onMessage(
                (a, m) -> {
                  events.add(m.text());
                  a.close();
                })
            .onClose((a, status, reason) -> events.add("closed"))
            .build();
    assertFalse(assertTimeoutPreemptively(WAIT, () -> app.runForever()));
    assertEquals(List.of("bye", "closed"), events);
  }

  @Test
  void anExceptionInOnMessageGoesToOnErrorAndLaterMessagesStillArrive() {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(
                ServerAction.sendText("bad"),
                ServerAction.sendText("good"),
                ServerAction.close(1000, ""))
            .start();
    List<String> events = new CopyOnWriteArrayList<>();
    WebSocketApp app =
        WebSocketApp.builder(server.uri("/"))
            .onMessage(
                (a, m) -> {
                  if (m.text().equals("bad")) {
                    throw new IllegalStateException("handler failed");
                  }
                  events.add(m.text());
                })
            .onError((a, e) -> events.add("error:" + e.getMessage()))
            .build();
    assertTimeoutPreemptively(WAIT, () -> app.runForever());
    assertEquals(List.of("error:handler failed", "good"), events);
  }

  @Test
  void pingsAreSentAtTheInterval() throws Exception {
    server = TestWebSocketServer.echo();
    CountDownLatch pongs = new CountDownLatch(3);
    WebSocketApp app =
        WebSocketApp.builder(server.uri("/")).onPong((a, p) -> pongs.countDown()).build();
    WebSocketApp.Handle handle =
        app.start(
            RunOptions.builder().pingInterval(Duration.ofMillis(50)).pingPayload("hb").build());
    assertTrue(pongs.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "three pings answered");
    handle.close();
    assertTrue(server.pingsReceived() >= 3);
    assertTrue(
        server.awaitFrames(3, WAIT).stream()
            .allMatch(f -> f.opcode() != 0x9 || new String(f.payload()).equals("hb")));
  }

  @Test
  void aServerThatSwallowsPingsCausesAPongTimeout() {
    server = TestWebSocketServer.builder().swallowPings().start();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<Integer> closes = new CopyOnWriteArrayList<>();
    WebSocketApp app =
        WebSocketApp.builder(server.uri("/"))
            .onError((a, e) -> errors.add(e))
            .onClose((a, status, reason) -> closes.add(status))
            .build();
    RunOptions options =
        RunOptions.builder()
            .pingInterval(Duration.ofMillis(200))
            .pingTimeout(Duration.ofMillis(100))
            .build();
    boolean error = assertTimeoutPreemptively(WAIT, () -> app.runForever(options));
    assertTrue(error, "a pong timeout ends the run with an error");
    assertInstanceOf(WebSocketTimeoutException.class, errors.get(0));
    assertTrue(
        errors.get(0).getMessage().startsWith("ping/pong timed out"), errors.get(0).getMessage());
    assertEquals(1, closes.size(), "onClose exactly once");
  }

  @Test
  void pingTimeoutNotShorterThanTheIntervalIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RunOptions.builder()
                    .pingInterval(Duration.ofSeconds(1))
                    .pingTimeout(Duration.ofSeconds(1))
                    .build());
    assertEquals("pingTimeout (PT1S) must be shorter than pingInterval (PT1S)", e.getMessage());
  }

  @Test
  void aDroppedLinkIsReestablishedWithFreshHeadersAndOnReconnect() throws Exception {
    server = TestWebSocketServer.echo();
    AtomicInteger tokens = new AtomicInteger();
    CountDownLatch reconnected = new CountDownLatch(1);
    List<String> events = new CopyOnWriteArrayList<>();
    ConnectOptions options =
        ConnectOptions.builder()
            .headers(() -> Map.of("X-Token", "t" + tokens.incrementAndGet()))
            .build();
    WebSocketApp app =
        WebSocketApp.builder(server.uri("/"))
            .options(options)
            .onOpen(a -> events.add("open"))
            .onReconnect(
                a -> {
                  events.add("reconnect");
                  reconnected.countDown();
                })
            .onClose((a, status, reason) -> events.add("close:" + status))
            .build();
    WebSocketApp.Handle handle =
        app.start(RunOptions.builder().reconnect(Duration.ofMillis(20)).build());
    ServerConnection first = server.awaitUpgradedConnection(WAIT);
    first.reset(); // an unexpected drop: no close frame
    server.awaitRequests(2, WAIT);
    assertTrue(reconnected.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "onReconnect");
    handle.close();
    assertEquals("t1", server.requests().get(0).header("X-Token"));
    assertEquals("t2", server.requests().get(1).header("X-Token"));
    assertEquals(List.of("open", "close:null", "reconnect"), events.subList(0, 3));
  }

  @Test
  void connectFailuresAreRetriedUntilClose() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort(); // closed again: connecting is refused
    }
    CountDownLatch failures = new CountDownLatch(3);
    WebSocketApp app =
        WebSocketApp.builder("ws://127.0.0.1:" + port + "/")
            .onError((a, e) -> failures.countDown())
            .build();
    WebSocketApp.Handle handle =
        app.start(
            RunOptions.builder()
                .reconnect(Duration.ofMillis(10))
                .maxReconnectDelay(Duration.ofMillis(40))
                .build());
    assertTrue(
        failures.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "three failed connects, retried");
    handle.app().close();
    assertTrue(handle.await(WAIT), "close() ends the run promptly");
    assertFalse(app.isRunning());
  }

  @Test
  void closeFromAnotherThreadEndsRunForeverPromptly() throws Exception {
    server = TestWebSocketServer.echo();
    CountDownLatch opened = new CountDownLatch(1);
    WebSocketApp app =
        WebSocketApp.builder(server.uri("/")).onOpen(a -> opened.countDown()).build();
    WebSocketApp.Handle handle =
        app.start(RunOptions.builder().reconnect(Duration.ofMillis(10)).build());
    assertTrue(opened.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "onOpen");
    app.close();
    assertTrue(handle.await(WAIT));
    assertFalse(handle.result().join(), "a close by the user is not an error");
  }

  @Test
  void sendFromAnotherThreadReachesTheServer() throws Exception {
    server = TestWebSocketServer.echo();
    BlockingQueue<String> echoed = new LinkedBlockingQueue<>();
    CountDownLatch opened = new CountDownLatch(1);
    WebSocketApp app =
        WebSocketApp.builder(server.uri("/"))
            .onOpen(a -> opened.countDown())
            .onMessage((a, m) -> echoed.add(m.text()))
            .build();
    WebSocketApp.Handle handle = app.start();
    assertTrue(opened.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "onOpen");
    app.send("from outside");
    assertEquals("from outside", echoed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    handle.close();
  }

  @Test
  void everySendOfTheAppIsCallableFromACallbackLambdaAndReturnsTrueWhenQueued() {
    server = TestWebSocketServer.echo();
    List<String> events = new CopyOnWriteArrayList<>();
    WebSocketApp app =
        WebSocketApp.builder(server.uri("/"))
            .onOpen(
                a ->
                    events.add(
                        "queued:"
                            + a.send("send")
                            + a.sendText("sendText")
                            + a.send(new byte[] {1})
                            + a.sendBinary(new byte[] {1, 2})
                            + a.sendBytes(new byte[] {1, 2, 3})
                            + a.send(
                                "opcode".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                dev.websocket.codec.Opcode.TEXT)))
            .onMessage(
                (a, m) -> {
                  events.add(m.isText() ? m.text() : "binary:" + m.bytes().length);
                  if (events.size() == 7) {
                    a.close();
                  }
                })
            .build();
    assertFalse(assertTimeoutPreemptively(WAIT, () -> app.runForever()));
    assertEquals(
        List.of(
            "queued:truetruetruetruetruetrue",
            "send",
            "sendText",
            "binary:1",
            "binary:2",
            "binary:3",
            "opcode"),
        events);
  }

  @Test
  void sendWhenNotConnectedReturnsFalseAndTellsOnErrorWhy() {
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    WebSocketApp app =
        WebSocketApp.builder("ws://127.0.0.1:1/").onError((a, e) -> errors.add(e)).build();

    assertFalse(app.send("not connected"));
    assertFalse(app.sendBytes(new byte[] {1}));

    assertEquals(2, errors.size());
    assertInstanceOf(WebSocketConnectionClosedException.class, errors.get(0));
    assertEquals("WebSocketApp is not connected", errors.get(0).getMessage());
  }

  @Test
  void sendAfterTheServerClosedReturnsFalseAndTellsOnErrorWhy() {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(ServerAction.close(1000, "bye"))
            .start();
    List<Object> events = new CopyOnWriteArrayList<>();
    WebSocketApp app =
        WebSocketApp.builder(server.uri("/"))
            .onClose((a, status, reason) -> events.add(a.send("too late")))
            .onError((a, e) -> events.add(e.getClass().getSimpleName()))
            .build();
    assertTimeoutPreemptively(WAIT, () -> app.runForever());
    // One callback at a time: onError runs once onClose, which sent, has returned.
    assertEquals(List.of(false, "WebSocketConnectionClosedException"), events);
  }
}
