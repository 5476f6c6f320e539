package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.RawFrames;
import dev.websocket.client.testing.RecordedFrame;
import dev.websocket.client.testing.ServerConnection;
import dev.websocket.client.testing.TestWebSocketServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each frame the user sends carries the key the user's supplier returned for it on the sending
 * thread, whatever frames the client sends of its own accord meanwhile (pongs, the reply to the
 * server's close): those get keys of their own and never take one drawn for a user's frame.
 *
 * <p>The interleaving is made certain, not left to chance: the server writes a message and a
 * control frame in one TCP write, the listener holds the event loop on the message while the test
 * thread sends (its key drawn and its frame queued), and the control frame is answered right after
 * the listener returns, before the queued frame is written.
 */
class MaskKeySupplierOrderTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int ROUNDS = 20;

  private TestWebSocketServer server;
  private AsyncWebSocket ws;

  /** Every key the supplier returned, with the thread it ran on, in the order of the calls. */
  private final Queue<Drawn> drawn = new ConcurrentLinkedQueue<>();

  private final AtomicInteger calls = new AtomicInteger();

  /** The current round's latches; replaced only once the listener holds the event loop. */
  private final AtomicReference<Round> round = new AtomicReference<>();

  /**
   * One round: {@code holding} is counted down by the listener once it holds the event loop, and
   * {@code sent} by the test once it has sent meanwhile.
   */
  private record Round(CountDownLatch holding, CountDownLatch sent) {
    Round() {
      this(new CountDownLatch(1), new CountDownLatch(1));
    }
  }

  private record Drawn(Thread thread, int key) {}

  @AfterEach
  void stop() {
    if (ws != null) {
      ws.abort();
    }
    if (server != null) {
      server.close();
    }
  }

  private AsyncWebSocket connect() throws Exception {
    server = TestWebSocketServer.builder().echo(false).start();
    ConnectOptions options =
        ConnectOptions.builder()
            .compression(false)
            .maskKeySupplier(
                () -> {
                  int key = 0x5A000000 | calls.incrementAndGet();
                  drawn.add(new Drawn(Thread.currentThread(), key));
                  return ByteBuffer.allocate(4).putInt(key).array();
                })
            .build();
    WebSocketListener holdOnGo =
        new WebSocketListener() {
          @Override
          public void onText(AsyncWebSocket socket, String text) {
            if (text.equals("go")) {
              Round r = round.get();
              r.holding().countDown();
              await(r.sent());
            }
          }
        };
    ws =
        WebSocket.connectAsync(server.uri("/"), options, holdOnGo)
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return ws;
  }

  /**
   * Has the server write "go" and then {@code control} in one write, and sends {@code text} while
   * the listener holds the event loop on "go".
   */
  private CompletableFuture<Void> sendBetween(
      ServerConnection connection, byte[] control, String text) throws Exception {
    Round r = new Round();
    round.set(r);
    connection.sendRaw(RawFrames.concat(RawFrames.text("go"), control));
    await(r.holding());
    CompletableFuture<Void> sending = ws.sendText(text);
    r.sent().countDown();
    return sending;
  }

  private static byte[] ping(String payload) {
    return RawFrames.frame(true, 0, RawFrames.PING, payload.getBytes(StandardCharsets.UTF_8));
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "timed out");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The keys the supplier returned on this (the test's) thread, in order. */
  private List<Integer> keysDrawnHere() {
    List<Integer> keys = new ArrayList<>();
    for (Drawn d : drawn) {
      if (d.thread() == Thread.currentThread()) {
        keys.add(d.key());
      }
    }
    return keys;
  }

  private static int key(RecordedFrame frame) {
    assertTrue(frame.masked(), frame.toString());
    return ByteBuffer.wrap(frame.maskKey()).getInt();
  }

  @Test
  void userFramesCarryTheKeysDrawnForThemWhilePongsInterleave() throws Exception {
    connect();
    ServerConnection connection = server.awaitUpgradedConnection(WAIT);
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      sends.add(sendBetween(connection, ping("p" + i), "m" + i));
    }
    sends.add(ws.close(1000, "bye"));
    for (CompletableFuture<Void> s : sends) {
      s.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
    // A message and a pong a round, then the close.
    List<RecordedFrame> frames = connection.awaitFrames(2 * ROUNDS + 1, WAIT);

    List<Integer> userKeys = new ArrayList<>();
    List<Integer> pongKeys = new ArrayList<>();
    for (RecordedFrame f : frames) {
      (f.opcode() == RawFrames.PONG ? pongKeys : userKeys).add(key(f));
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      expected.add("m" + i);
    }
    assertEquals(expected, texts(frames));
    assertEquals(ROUNDS, pongKeys.size(), frames.toString());
    assertEquals(keysDrawnHere(), userKeys, frames.toString());
    for (int k : pongKeys) {
      assertFalse(userKeys.contains(k), "a pong took a user's key: " + frames);
    }
  }

  @Test
  void theReplyToTheServersCloseDoesNotTakeAKeyDrawnForAQueuedFrame() throws Exception {
    connect();
    ServerConnection connection = server.awaitUpgradedConnection(WAIT);
    CompletableFuture<Void> late = sendBetween(connection, RawFrames.close(1000, "done"), "late");
    connection.awaitClosed(WAIT);

    // The server's close came first on the wire: the message queued after it is not sent.
    ExecutionException refused =
        assertThrows(
            ExecutionException.class, () -> late.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertInstanceOf(WebSocketConnectionClosedException.class, refused.getCause());
    List<RecordedFrame> frames = connection.frames();
    assertEquals(1, frames.size(), frames.toString());
    assertEquals(RawFrames.CLOSE, frames.get(0).opcode());
    assertEquals(1000, frames.get(0).closeCode());
    assertFalse(
        keysDrawnHere().contains(key(frames.get(0))),
        "the close reply took the key drawn for \"late\": " + drawn);
  }

  private static List<String> texts(List<RecordedFrame> frames) {
    List<String> texts = new ArrayList<>();
    for (RecordedFrame f : frames) {
      if (f.opcode() == RawFrames.TEXT) {
        texts.add(f.text());
      }
    }
    return texts;
  }
}
