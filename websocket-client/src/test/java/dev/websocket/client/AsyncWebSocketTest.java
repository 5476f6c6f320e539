package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.ClientCloseReply;
import dev.websocket.client.testing.RawFrames;
import dev.websocket.client.testing.RecordedFrame;
import dev.websocket.client.testing.ServerAction;
import dev.websocket.client.testing.ServerConnection;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Opcode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The async front door: write-completion futures, demand-driven delivery, executors, failures. */
class AsyncWebSocketTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Records every event as a string, in order. */
  static class Recorder implements WebSocketListener {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    @Override
    public void onText(AsyncWebSocket ws, String text) {
      events.add("text:" + text);
    }

    @Override
    public void onBinary(AsyncWebSocket ws, ByteBuffer data) {
      events.add("binary:" + data.remaining());
    }

    @Override
    public void onPing(AsyncWebSocket ws, ByteBuffer payload) {
      events.add("ping");
    }

    @Override
    public void onClose(AsyncWebSocket ws, int status, String reason) {
      events.add("close:" + status);
      closed.complete(null);
    }

    @Override
    public void onError(AsyncWebSocket ws, Throwable error) {
      events.add("error:" + error.getClass().getSimpleName());
    }

    String next() throws InterruptedException {
      String event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (event == null) {
        throw new AssertionError("no event within " + WAIT);
      }
      return event;
    }
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void echoThroughTheListener() throws Exception {
    server = TestWebSocketServer.echo();
    Recorder recorder = new Recorder();
    AsyncWebSocket ws = await(WebSocket.connectAsync(server.uri("/"), recorder));
    await(ws.sendText("hello"));
    await(ws.sendBinary(new byte[] {1, 2, 3}));
    assertEquals("text:hello", recorder.next());
    assertEquals("binary:3", recorder.next());
    await(ws.close());
    await(ws.closeFuture());
    assertEquals("close:1000", recorder.next());
  }

  /** A send queue of 256 KiB, so that 64 KiB sends to a server not reading soon fill it. */
  private static final ConnectOptions SMALL_QUEUE =
      ConnectOptions.builder().sendBufferBytes(256 * 1024).compression(false).build();

  /** Starts a server that stops reading after the handshake (64 KiB receive buffer); connects. */
  private AsyncWebSocket connectToPausedServer(ConnectOptions options, WebSocketListener listener)
      throws Exception {
    server =
        TestWebSocketServer.builder()
            .pauseReadingAfterHandshake()
            .receiveBufferSize(64 * 1024)
            .start();
    return await(WebSocket.connectAsync(server.uri("/"), options, listener));
  }

  @Test
  void sendCompletesOnlyWhenTheBytesAreWritten() throws Exception {
    ConnectOptions options =
        ConnectOptions.builder()
            .sendBufferBytes(64 * 1024 * 1024)
            .compression(false)
            .socketOption(io.netty.channel.ChannelOption.SO_SNDBUF, 64 * 1024)
            .build();
    AsyncWebSocket ws = connectToPausedServer(options, new Recorder());
    ServerConnection peer = server.awaitUpgradedConnection(WAIT);
    CompletableFuture<Void> big = ws.sendBinary(new byte[16 * 1024 * 1024]);
    // The server is not reading: the 16 MiB cannot all be written.
    assertThrows(TimeoutException.class, () -> big.get(300, TimeUnit.MILLISECONDS));
    assertFalse(big.isDone());
    await(peer.resumeReading());
    await(big);
    assertTrue(big.isDone() && !big.isCompletedExceptionally());
    ws.abort();
  }

  @Test
  void sendsBeyondTheQueueLimitFailFastWithoutClosing() throws Exception {
    AsyncWebSocket ws = connectToPausedServer(SMALL_QUEUE, new Recorder());
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    CompletableFuture<Void> refused = null;
    for (int i = 0; i < 10_000 && refused == null; i++) {
      CompletableFuture<Void> send = ws.sendBinary(new byte[64 * 1024]);
      if (send.isCompletedExceptionally()) {
        refused = send;
      } else {
        sends.add(send);
      }
    }
    assertTrue(refused != null, "a send must be refused once the queue is full");
    CompletableFuture<Void> failed = refused;
    Throwable cause =
        assertThrows(java.util.concurrent.ExecutionException.class, failed::get).getCause();
    assertInstanceOf(WebSocketQueueFullException.class, cause);
    assertTrue(cause.getMessage().startsWith("Send queue full"), cause.getMessage());
    assertTrue(ws.isOpen(), "a full queue does not close the connection");
    ws.abort();
  }

  @Test
  void trySendQueuesInOrderWithTheSendsThatReturnFutures() throws Exception {
    server = TestWebSocketServer.echo();
    Recorder recorder = new Recorder();
    AsyncWebSocket ws = await(WebSocket.connectAsync(server.uri("/"), recorder));
    for (int i = 0; i < 100; i++) {
      assertTrue(i % 2 == 0 ? ws.trySendText("m" + i) : ws.trySendBinary(new byte[i]));
    }
    await(ws.sendText("last"));
    for (int i = 0; i < 100; i++) {
      assertEquals(i % 2 == 0 ? "text:m" + i : "binary:" + i, recorder.next());
    }
    assertEquals("text:last", recorder.next());
    await(ws.close());
    await(ws.closeFuture());
    assertEquals("close:1000", recorder.next());
  }

  @Test
  void trySendBeyondTheQueueLimitReturnsFalseWithoutClosing() throws Exception {
    Recorder recorder = new Recorder();
    AsyncWebSocket ws = connectToPausedServer(SMALL_QUEUE, recorder);
    int queued = 0;
    while (queued < 10_000 && ws.trySendBinary(new byte[64 * 1024])) {
      queued++;
    }
    assertTrue(queued < 10_000, "a send must be refused once the queue is full");
    assertTrue(ws.isOpen(), "a full queue does not close the connection");
    assertTrue(recorder.events.isEmpty(), () -> "no event for a refused send: " + recorder.events);
    ws.abort();
    await(ws.closeFuture());
    // What was queued and never written is reported by the connection's failure, not per message.
    String event = recorder.next();
    while (event.startsWith("error:")) {
      assertTrue(event.endsWith("ClosedChannelException"), event);
      event = recorder.next();
    }
    assertEquals("close:" + CloseStatus.ABNORMAL_CLOSED, event);
  }

  @Test
  void trySendAfterTheServersCloseReturnsFalseAndSendsNothing() throws Exception {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .onClientClose(ClientCloseReply.ECHO_KEEP_OPEN)
            .afterHandshake(ServerAction.sendCloseFrameKeepTcpOpen(CloseStatus.GOING_AWAY, "bye"))
            .start();
    Recorder recorder = new Recorder();
    AsyncWebSocket ws = await(WebSocket.connectAsync(server.uri("/"), recorder));
    // The client's answer to the server's close has reached the server.
    assertEquals(RawFrames.CLOSE, server.awaitFrames(1, WAIT).get(0).opcode());
    assertFalse(ws.isOpen());
    assertFalse(ws.trySendText("too late"));
    assertFalse(ws.trySendBinary(new byte[] {1}));
    ws.abort();
    await(ws.closeFuture());
    assertEquals("close:" + CloseStatus.GOING_AWAY, recorder.next());
    assertTrue(recorder.events.isEmpty(), () -> "no error: " + recorder.events);
    assertTrue(
        server.frames().stream().noneMatch(f -> !f.isControl()),
        () -> "nothing after the close: " + server.frames());
  }

  @Test
  void concurrentSendersNeverInterleaveAndKeepTheirOrder() throws Exception {
    server = TestWebSocketServer.builder().echo(false).start();
    AsyncWebSocket ws =
        await(
            WebSocket.connectAsync(
                server.uri("/"),
                ConnectOptions.builder().compression(false).build(),
                new Recorder()));
    int threads = 8;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<CompletableFuture<Void>> all = new java.util.concurrent.CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(threads);
      for (int t = 0; t < threads; t++) {
        int id = t;
        pool.execute(
            () -> {
              for (int i = 0; i < perThread; i++) {
                all.add(ws.sendText("t" + id + "-" + i));
              }
              done.countDown();
            });
      }
      assertTrue(done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
      await(CompletableFuture.allOf(all.toArray(new CompletableFuture[0])));
      List<RecordedFrame> frames = server.awaitFrames(threads * perThread, WAIT);
      Map<String, Integer> nextPerThread = new HashMap<>();
      for (RecordedFrame frame : frames) {
        String[] parts =
            new String(frame.payload(), java.nio.charset.StandardCharsets.UTF_8).split("-");
        int expected = nextPerThread.getOrDefault(parts[0], 0);
        assertEquals(expected, Integer.parseInt(parts[1]), "order of " + parts[0]);
        nextPerThread.put(parts[0], expected + 1);
      }
      assertEquals(threads, nextPerThread.size());
    } finally {
      pool.shutdownNow();
      ws.abort();
    }
  }

  @Test
  void zeroDemandStopsReadingAndRequestResumes() throws Exception {
    server = TestWebSocketServer.builder().echo(false).sendBufferSize(64 * 1024).start();
    BlockingQueue<Integer> sizes = new LinkedBlockingQueue<>();
    AsyncWebSocket[] handle = new AsyncWebSocket[1];
    WebSocketListener lazy =
        new WebSocketListener() {
          @Override
          public void onOpen(AsyncWebSocket ws) {
            handle[0] = ws; // asks for nothing
          }

          @Override
          public void onBinary(AsyncWebSocket ws, ByteBuffer data) {
            sizes.add(data.remaining());
          }
        };
    ConnectOptions options =
        ConnectOptions.builder()
            .compression(false)
            .socketOption(io.netty.channel.ChannelOption.SO_RCVBUF, 64 * 1024)
            .build();
    AsyncWebSocket ws = await(WebSocket.connectAsync(server.uri("/"), options, lazy));
    ServerConnection peer = server.awaitUpgradedConnection(WAIT);
    CompletableFuture<Integer> sending = peer.fastSend(400, 64 * 1024);
    // With no demand the client stops reading: 25 MiB cannot get through the socket buffers.
    assertThrows(TimeoutException.class, () -> sending.get(500, TimeUnit.MILLISECONDS));
    assertTrue(sizes.isEmpty(), "no message without demand");
    ws.request(1);
    assertEquals(64 * 1024, sizes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals(
        null, sizes.poll(100, TimeUnit.MILLISECONDS), "exactly one message for request(1)");
    ws.request(Long.MAX_VALUE);
    assertEquals(400, await(sending));
    ws.abort();
  }

  @Test
  void listenerRunsOnTheGivenExecutor() throws Exception {
    server = TestWebSocketServer.echo();
    ExecutorService executor =
        Executors.newSingleThreadExecutor(r -> new Thread(r, "my-listener-thread"));
    try {
      CompletableFuture<String> thread = new CompletableFuture<>();
      WebSocketListener listener =
          new WebSocketListener() {
            @Override
            public void onText(AsyncWebSocket ws, String text) {
              thread.complete(Thread.currentThread().getName());
            }
          };
      AsyncWebSocket ws =
          await(
              WebSocket.connectAsync(server.uri("/"), ConnectOptions.DEFAULT, listener, executor));
      ws.sendText("who runs me");
      assertEquals("my-listener-thread", await(thread));
      await(ws.close());
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void anExceptionInTheListenerIsReportedAndClosesWith1011() throws Exception {
    server = TestWebSocketServer.echo();
    CompletableFuture<Throwable> reported = new CompletableFuture<>();
    WebSocketListener failing =
        new WebSocketListener() {
          @Override
          public void onText(AsyncWebSocket ws, String text) {
            throw new IllegalStateException("boom");
          }

          @Override
          public void onError(AsyncWebSocket ws, Throwable error) {
            reported.complete(error);
          }
        };
    AsyncWebSocket ws = await(WebSocket.connectAsync(server.uri("/"), failing));
    ws.sendText("trigger");
    assertEquals("boom", await(reported).getMessage());
    RecordedFrame close = server.awaitFrames(2, WAIT).get(1);
    assertEquals(0x8, close.opcode());
    assertEquals(
        CloseStatus.UNEXPECTED_CONDITION,
        ((close.payload()[0] & 0xff) << 8) | (close.payload()[1] & 0xff));
  }

  @Test
  void violationsReachOnErrorAfterTheMessagesBeforeThem() throws Exception {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(
                ServerAction.sendText("first"), ServerAction.sendRaw("83 00 // reserved opcode 3"))
            .start();
    Recorder recorder = new Recorder();
    await(WebSocket.connectAsync(server.uri("/"), recorder));
    assertTimeoutPreemptively(
        WAIT,
        () -> {
          assertEquals("text:first", recorder.next());
          assertEquals("error:WebSocketProtocolException", recorder.next());
        });
    RecordedFrame close = server.awaitFrames(1, WAIT).get(0);
    assertEquals(
        CloseStatus.PROTOCOL_ERROR,
        ((close.payload()[0] & 0xff) << 8) | (close.payload()[1] & 0xff));
  }

  @Test
  void streamingDeliversParts() throws Exception {
    server =
        TestWebSocketServer.builder()
            .echo(false)
            .afterHandshake(
                ServerAction.sendFrame(false, 0, 2, new byte[] {1}),
                ServerAction.sendFrame(true, 0, 0, new byte[] {2, 3}))
            .start();
    BlockingQueue<String> parts = new LinkedBlockingQueue<>();
    WebSocketListener listener =
        new WebSocketListener() {
          @Override
          public void onPart(AsyncWebSocket ws, Opcode opcode, ByteBuffer data, boolean last) {
            parts.add(opcode + ":" + data.remaining() + ":" + last);
          }
        };
    AsyncWebSocket ws =
        await(
            WebSocket.connectAsync(
                server.uri("/"), ConnectOptions.builder().fireContFrame(true).build(), listener));
    assertEquals("BINARY:1:false", parts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals("CONTINUATION:2:true", parts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    ws.abort();
  }

  private static <T extends Throwable> T assertThrows(
      Class<T> type, org.junit.jupiter.api.function.Executable executable) {
    return org.junit.jupiter.api.Assertions.assertThrows(type, executable);
  }
}
