package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.RawFrames;
import dev.websocket.client.testing.RecordedFrame;
import dev.websocket.client.testing.TestWebSocketServer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sending from many threads at once: every message arrives whole, as one frame, never interleaved
 * with another, and each thread's messages in the order it sent them.
 */
class ConcurrencyTest {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Pattern TEXT = Pattern.compile("t(\\d+)-(\\d+)");

  private TestWebSocketServer server;
  private ExecutorService pool;

  @AfterEach
  void stop() throws InterruptedException {
    if (pool != null) {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
    if (server != null) {
      server.close();
    }
  }

  /** Runs {@code task(thread)} on {@code threads} threads released together; waits for all. */
  private void onThreads(int threads, ThreadTask task) throws Exception {
    pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Void>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(
          pool.submit(
              (Callable<Void>)
                  () -> {
                    start.await();
                    task.run(thread);
                    return null;
                  }));
    }
    start.countDown();
    for (Future<Void> f : done) {
      f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @FunctionalInterface
  private interface ThreadTask {
    void run(int thread) throws Exception;
  }

  @Test
  void eightThreadsTimesTenThousandTextsArriveWholeAndInPerThreadOrder() {
    int threads = 8;
    int perThread = 10_000;
    server = TestWebSocketServer.builder().echo(false).start();
    assertTimeoutPreemptively(
        DEADLINE.plusSeconds(30),
        () -> {
          try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
            onThreads(
                threads,
                thread -> {
                  for (int i = 0; i < perThread; i++) {
                    ws.send("t" + thread + "-" + i);
                  }
                });
            List<RecordedFrame> frames = server.awaitFrames(threads * perThread, DEADLINE);
            assertEquals(threads * perThread, frames.size());
            int[] next = new int[threads];
            for (RecordedFrame frame : frames) {
              assertTrue(
                  frame.fin() && frame.opcode() == RawFrames.TEXT && frame.masked(),
                  frame.toString());
              Matcher m = TEXT.matcher(frame.text());
              assertTrue(m.matches(), "not a whole message: " + frame);
              int thread = Integer.parseInt(m.group(1));
              assertEquals(
                  next[thread], Integer.parseInt(m.group(2)), "thread " + thread + " out of order");
              next[thread]++;
            }
            for (int t = 0; t < threads; t++) {
              assertEquals(perThread, next[t], "messages of thread " + t);
            }
          }
        });
  }

  @Test
  void largeBinaryMessagesFromFourThreadsAreNeverInterleaved() {
    int threads = 4;
    int perThread = 100;
    server = TestWebSocketServer.builder().echo(false).start();
    assertTimeoutPreemptively(
        DEADLINE.plusSeconds(30),
        () -> {
          try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
            onThreads(
                threads,
                thread -> {
                  Random sizes = new Random(thread);
                  for (int i = 0; i < perThread; i++) {
                    ws.send(payload(thread, i, 1 + sizes.nextInt(64 * 1024)));
                  }
                });
            List<RecordedFrame> frames = server.awaitFrames(threads * perThread, DEADLINE);
            int[] next = new int[threads];
            Random[] sizes = new Random[threads];
            for (int t = 0; t < threads; t++) {
              sizes[t] = new Random(t);
            }
            for (RecordedFrame frame : frames) {
              assertTrue(frame.fin() && frame.opcode() == RawFrames.BINARY, frame.toString());
              int thread = frame.payload()[0];
              int index = next[thread]++;
              assertArrayEquals(
                  payload(thread, index, 1 + sizes[thread].nextInt(64 * 1024)).array(),
                  frame.payload(),
                  "message " + index + " of thread " + thread);
            }
          }
        });
  }

  /** The thread number, then the message index, then bytes counting up: any mix-up shows. */
  private static ByteBuffer payload(int thread, int index, int size) {
    ByteBuffer buf = ByteBuffer.allocate(size);
    buf.put((byte) thread);
    for (int i = 1; i < size; i++) {
      buf.put((byte) (index + i));
    }
    return buf.flip();
  }
}
