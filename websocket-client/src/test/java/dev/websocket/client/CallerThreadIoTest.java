package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.websocket.client.internal.CallerDrivenLoop;
import dev.websocket.client.testing.ClientCloseReply;
import dev.websocket.client.testing.ServerAction;
import dev.websocket.client.testing.ServerConnection;
import dev.websocket.client.testing.TestCertificates;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.client.testing.UpgradeResponse;
import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Opcode;
import dev.websocket.proxy.testing.HttpConnectProxyServer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blocking WebSocket with {@link ConnectOptions.Builder#ioOnCallerThread(boolean)}: its I/O
 * runs on the threads that call it, with the same behaviour as on the shared event loop.
 */
class CallerThreadIoTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ConnectOptions CALLER_IO =
      ConnectOptions.builder().ioOnCallerThread(true).build();

  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static CallerDrivenLoop loopOf(WebSocket ws) {
    return assertInstanceOf(CallerDrivenLoop.class, ws.connection().channel().eventLoop());
  }

  @Test
  void echoesOnTheCallersThreadWithALoopOfItsOwn() throws Exception {
    server = TestWebSocketServer.echo();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), CALLER_IO)) {
      CallerDrivenLoop loop = loopOf(ws);
      for (int i = 0; i < 100; i++) {
        ws.send("message " + i);
        assertEquals("message " + i, ws.recv().text());
      }
      byte[] bytes = new byte[70_000];
      bytes[69_999] = 7;
      ws.send(bytes);
      assertArrayEquals(bytes, ws.recv().bytes());
      assertFalse(loop.isTerminated());
    }
  }

  @Test
  void closeRunsTheHandshakeAndFreesThePoller() throws Exception {
    server = TestWebSocketServer.echo();
    WebSocket ws = WebSocket.connect(server.uri("/"), CALLER_IO);
    CallerDrivenLoop loop = loopOf(ws);
    ws.close(CloseStatus.GOING_AWAY, "bye", WAIT);
    assertTrue(loop.isTerminated());
    List<dev.websocket.client.testing.RecordedFrame> frames = server.awaitFrames(1, WAIT);
    assertEquals(CloseStatus.GOING_AWAY, frames.get(frames.size() - 1).closeCode());
    assertThrows(WebSocketConnectionClosedException.class, () -> ws.send("late"));
  }

  @Test
  void abortFreesThePoller() throws Exception {
    server = TestWebSocketServer.echo();
    WebSocket ws = WebSocket.connect(server.uri("/"), CALLER_IO);
    CallerDrivenLoop loop = loopOf(ws);
    ws.abort();
    assertTrue(loop.isTerminated());
    assertFalse(ws.connection().channel().isOpen());
  }

  @Test
  void pingsAreAnsweredWhileTheCallerReceives() throws Exception {
    server =
        TestWebSocketServer.builder()
            .afterHandshake(ServerAction.sendPing("p1"), ServerAction.sendText("after the ping"))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), CALLER_IO)) {
      assertEquals("after the ping", ws.recv().text());
      assertTrue(
          server.awaitFrames(1, WAIT).stream().anyMatch(f -> f.opcode() == Opcode.PONG.code()));
    }
  }

  @Test
  void theServersCloseReachesTheReader() throws Exception {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(ServerAction.close(4001, "done"))
            .start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), CALLER_IO)) {
      WebSocketConnectionClosedException closed =
          assertThrows(WebSocketConnectionClosedException.class, ws::recv);
      assertEquals(4001, closed.status());
      assertEquals("done", closed.reason());
    }
  }

  @Test
  void aReceiveTimeoutLeavesTheConnectionUsable() throws Exception {
    server = TestWebSocketServer.echo();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), CALLER_IO)) {
      ws.setTimeout(Duration.ofMillis(50));
      assertThrows(WebSocketTimeoutException.class, ws::recv);
      ws.setTimeout(WAIT);
      ws.send("still here");
      assertEquals("still here", ws.recv().text());
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(10)
  void anInterruptEndsAReceiveWithoutTimeout() throws Exception {
    server = TestWebSocketServer.builder().echo(false).start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), CALLER_IO)) {
      Thread reader = Thread.currentThread();
      CallerDrivenLoop loop = loopOf(ws);
      Thread interrupter =
          new Thread(
              () -> {
                // Once the reader drives the loop it is in recv, waiting on the socket.
                while (!loop.inEventLoop(reader)) {
                  Thread.onSpinWait();
                }
                reader.interrupt();
              });
      interrupter.start();
      assertThrows(java.io.InterruptedIOException.class, ws::recv);
      assertTrue(Thread.interrupted());
      interrupter.join();
    }
  }

  @Test
  void sendersOnManyThreadsAndOneReaderShareTheLoop() throws Exception {
    server = TestWebSocketServer.echo();
    int threads = 4;
    int each = 500;
    ExecutorService senders = Executors.newFixedThreadPool(threads);
    try (WebSocket ws = WebSocket.connect(server.uri("/"), CALLER_IO)) {
      List<Future<?>> sent = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        sent.add(
            senders.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    ws.send(thread + ":" + i);
                  }
                  return null;
                }));
      }
      Set<String> received = new HashSet<>();
      assertTimeoutPreemptively(
          WAIT,
          () -> {
            while (received.size() < threads * each) {
              received.add(ws.recv().text());
            }
          });
      for (Future<?> f : sent) {
        f.get();
      }
      assertTrue(received.contains("3:499"));
    } finally {
      senders.shutdownNow();
    }
  }

  @Test
  void aSenderWaitsForTheServerToReadWhileNoOneReceives() throws Exception {
    server = TestWebSocketServer.builder().echo(false).start();
    ConnectOptions options =
        ConnectOptions.builder()
            .ioOnCallerThread(true)
            .sendBufferBytes(64 * 1024)
            .timeout(Duration.ofMillis(300))
            .build();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
      server.pauseReading();
      byte[] chunk = new byte[32 * 1024];
      WebSocketTimeoutException timedOut =
          assertThrows(
              WebSocketTimeoutException.class,
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  ws.send(chunk);
                }
              });
      assertTrue(timedOut.getMessage().contains("not reading"), timedOut.getMessage());
      server.resumeReading();
      ws.setTimeout(WAIT);
      ws.send("after the pause");
      int before = server.messagesReceived();
      assertTimeoutPreemptively(
          WAIT,
          () -> {
            // The sender's own waits drive the loop: flushing needs nobody in recv.
            while (server.messagesReceived() == before) {
              ws.ping();
              Thread.onSpinWait();
            }
          });
    }
  }

  @Test
  void wssWorks() throws Exception {
    server = TestWebSocketServer.builder().tls().start();
    ConnectOptions options =
        ConnectOptions.builder()
            .ioOnCallerThread(true)
            .tls(
                TlsOptions.builder()
                    .trustCertificates(TestCertificates.get().ca().certificatePem())
                    .build())
            .build();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
      assertTrue(ws.isSecure());
      ws.send("over tls");
      assertEquals("over tls", ws.recv().text());
      loopOf(ws);
    }
  }

  @Test
  void aRefusedConnectFailsClearlyAndLeavesNoLoopRunning() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    assertTimeoutPreemptively(
        WAIT,
        () ->
            failure.set(
                assertThrows(
                    WebSocketConnectException.class,
                    () -> WebSocket.connect("ws://127.0.0.1:" + port + "/", CALLER_IO))));
    assertTrue(failure.get().getMessage().contains("refused"), failure.get().getMessage());
  }

  @Test
  void everyPollerIsFreedAfterAFailedConnectAndAfterClose() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server = TestWebSocketServer.echo();
    WebSocket.connect(server.uri("/"), ConnectOptions.DEFAULT).close(); // the shared loops exist
    long pollers = pollers();
    for (int i = 0; i < 20; i++) {
      assertThrows(
          WebSocketConnectException.class,
          () -> WebSocket.connect("ws://127.0.0.1:" + port + "/", CALLER_IO));
      WebSocket.connect(server.uri("/"), CALLER_IO).close();
    }
    assertEquals(pollers, pollers());
  }

  /** This process's epoll descriptors, or its selectors' where epoll is not used. */
  private static long pollers() throws java.io.IOException {
    try (java.util.stream.Stream<java.nio.file.Path> fds =
        java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return java.nio.file.Files.readSymbolicLink(fd)
                      .toString()
                      .equals("anon_inode:[eventpoll]");
                } catch (java.io.IOException e) {
                  return false; // closed meanwhile
                }
              })
          .count();
    }
  }

  @Test
  void textArrivesWhole() throws Exception {
    server = TestWebSocketServer.echo();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), CALLER_IO)) {
      String text = "é".repeat(50_000);
      ws.send(text);
      assertArrayEquals(
          text.getBytes(StandardCharsets.UTF_8), ws.recv().text().getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aServerThatNeverAnswersTheCloseIsLeftAfterTheCloseTimeout() throws Exception {
    server = TestWebSocketServer.builder().onClientClose(ClientCloseReply.IGNORE).start();
    ConnectOptions options = CALLER_IO.toBuilder().closeTimeout(Duration.ofMillis(200)).build();
    WebSocket ws = WebSocket.connect(server.uri("/"), options);
    long start = System.nanoTime();
    ws.close();
    // The close timeout is a task on the connection's loop: the closing thread runs it.
    assertTrue(System.nanoTime() - start < WAIT.toNanos());
    assertFalse(ws.connection().channel().isOpen());
    assertTrue(loopOf(ws).isTerminated());
  }

  @Test
  void aRedirectOpensItsNewConnectionOnTheSameLoop() throws Exception {
    server = TestWebSocketServer.echo();
    server.respond("/old", UpgradeResponse.redirect(302, server.uri("/new")));
    try (WebSocket ws = WebSocket.connect(server.uri("/old"), CALLER_IO)) {
      ws.send("moved");
      assertEquals("moved", ws.recv().text());
      assertEquals("/new", server.awaitRequests(2, WAIT).get(1).uri());
      loopOf(ws);
    }
  }

  @Test
  void throughAnHttpConnectProxy() throws Exception {
    server = TestWebSocketServer.echo();
    try (HttpConnectProxyServer proxy = HttpConnectProxyServer.builder().start()) {
      ConnectOptions options = CALLER_IO.toBuilder().proxy(proxy.proxy()).build();
      try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
        ws.send("tunnelled");
        assertEquals("tunnelled", ws.recv().text());
        loopOf(ws);
      }
    }
  }

  @Test
  void overAUnixSocket(@TempDir Path dir) throws Exception {
    assumeTrue(TestWebSocketServer.unixSocketsAvailable(), "Unix domain sockets need native epoll");
    server = TestWebSocketServer.builder().unixSocket(dir.resolve("ws.sock")).start();
    try (WebSocket ws = WebSocket.connect("ws+unix://" + server.unixSocket() + ":/", CALLER_IO)) {
      ws.send("local");
      assertEquals("local", ws.recv().text());
      loopOf(ws);
    }
  }

  @Test
  void withTheUsersOwnGroupTheOptionIsIgnored() throws Exception {
    server = TestWebSocketServer.echo();
    io.netty.channel.EventLoopGroup group =
        new io.netty.channel.MultiThreadIoEventLoopGroup(
            1, io.netty.channel.nio.NioIoHandler.newFactory());
    try (WebSocket ws =
        WebSocket.connect(server.uri("/"), CALLER_IO.toBuilder().eventLoopGroup(group).build())) {
      assertFalse(ws.connection().channel().eventLoop() instanceof CallerDrivenLoop);
      ws.send("shared");
      assertEquals("shared", ws.recv().text());
    } finally {
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  @Test
  void aWebSocketAppRunsItsIoOnItsOwnThreadWithKeepaliveAndACloseFromAnother() throws Exception {
    server = TestWebSocketServer.echo();
    java.util.concurrent.BlockingQueue<String> received =
        new java.util.concurrent.LinkedBlockingQueue<>();
    AtomicReference<Thread> callbackThread = new AtomicReference<>();
    WebSocketApp app =
        WebSocketApp.builder(server.uri("/"))
            .options(CALLER_IO)
            .onOpen(a -> a.send("hello"))
            .onMessage(
                (a, m) -> {
                  callbackThread.set(Thread.currentThread());
                  received.add(m.text());
                })
            .build();
    WebSocketApp.Handle handle =
        app.start(RunOptions.builder().pingInterval(Duration.ofMillis(50)).build());
    assertEquals(
        "hello", received.poll(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    assertTrue(app.send("from another thread"));
    assertEquals(
        "from another thread",
        received.poll(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    // Keepalive pings are receive timeouts on the app's thread, which then drives the loop.
    List<dev.websocket.client.testing.RecordedFrame> seen = server.frames();
    while (seen.stream().filter(f -> f.opcode() == Opcode.PING.code()).count() < 2) {
      seen = server.awaitFrames(seen.size() + 1, WAIT);
    }
    // The frames are recorded before the server's ping counter moves: they are what to count.
    assertTrue(seen.stream().filter(f -> f.opcode() == Opcode.PING.code()).count() >= 2);
    handle.close();
    List<dev.websocket.client.testing.RecordedFrame> frames = server.frames();
    assertEquals(CloseStatus.NORMAL, frames.get(frames.size() - 1).closeCode());
    assertFalse(callbackThread.get().getName().startsWith("websocket-client"));
  }

  @Test
  void anIdleConnectionAnswersPingsAndSeesTheServersClose() throws Exception {
    server = TestWebSocketServer.echo();
    WebSocket ws = WebSocket.connect(server.uri("/"), CALLER_IO);
    CallerDrivenLoop loop = loopOf(ws);
    ServerConnection connection = server.awaitUpgradedConnection(WAIT);
    // No thread is in a call of the WebSocket: the idle sweep runs its loop.
    connection.sendPing("idle?".getBytes(StandardCharsets.UTF_8));
    assertTrue(
        connection.awaitFrames(1, WAIT).stream().anyMatch(f -> f.opcode() == Opcode.PONG.code()));
    connection.close(CloseStatus.GOING_AWAY, "restart");
    connection.awaitClosed(WAIT);
    // The idle sweep sees the close and ends the loop with its connection.
    loop.terminationFuture().get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    assertFalse(ws.isConnected());
    assertTrue(loop.isTerminated(), "the loop ends with its connection");
    WebSocketConnectionClosedException closed =
        assertThrows(WebSocketConnectionClosedException.class, ws::recv);
    assertEquals(CloseStatus.GOING_AWAY, closed.status());
    ws.close();
  }
}
