package dev.websocket.client.conformance;

import dev.websocket.client.testing.RawFrames;
import dev.websocket.client.testing.RecordedFrame;
import dev.websocket.client.testing.ServerConnection;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One case while it runs: the server side of the connection, and what the client has sent. */
final class CaseRun {

  /** How long the client gets to answer anything; generous, since a pass answers at once. */
  static final Duration ANSWER = Duration.ofSeconds(20);

  /** How long the client gets to fail a connection that fails fast (Autobahn 6.4.x). */
  static final Duration FAIL_FAST = Duration.ofSeconds(5);

  private final ServerConnection connection;
  private boolean serverClosed;

  CaseRun(ServerConnection connection) {
    this.connection = connection;
  }

  ServerConnection connection() {
    return connection;
  }

  /** Whether the script started the closing handshake itself. */
  boolean serverClosedByScript() {
    return serverClosed;
  }

  void serverClosed() {
    serverClosed = true;
  }

  /**
   * Writes {@code bytes} in chops of {@code chop} (0: one write). Once the client has failed the
   * connection, writes to the closed socket are expected to fail and are ignored.
   */
  void sendChopped(byte[] bytes, int chop) throws Exception {
    if (!connection.isOpen()) {
      return;
    }
    if (chop <= 0 || chop >= bytes.length) {
      await(connection.sendRaw(bytes));
      return;
    }
    CompletableFuture<Void> last = null;
    for (int at = 0; at < bytes.length; at += chop) {
      // the writes are queued in order on the server's event loop, each flushed on its own
      last = connection.sendRaw(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chop)));
    }
    await(last);
  }

  /** Waits for a server write; a failure once the connection is closed is the client's doing. */
  void await(CompletableFuture<?> write) throws Exception {
    try {
      write.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (connection.isOpen()) {
        throw new AssertionError("Server write failed on an open connection", e.getCause());
      }
    } catch (TimeoutException e) {
      throw new AssertionError(
          "Server write did not complete in "
              + ANSWER.toSeconds()
              + " s "
              + "(the client stopped reading?)");
    }
  }

  /** The client's frames so far. */
  List<RecordedFrame> clientFrames() {
    return connection.frames();
  }

  /**
   * Waits until the client has sent at least {@code count} frames that are not close frames, or a
   * close frame (after which it sends nothing more), whichever comes first.
   */
  void awaitClientFrames(int count) {
    long deadline = System.nanoTime() + ANSWER.toNanos();
    int seen = 0;
    while (true) {
      List<RecordedFrame> frames = connection.frames();
      long data = frames.stream().filter(f -> f.opcode() != RawFrames.CLOSE).count();
      if (data >= count || frames.stream().anyMatch(f -> f.opcode() == RawFrames.CLOSE)) {
        return;
      }
      seen = frames.size();
      awaitMore(seen, deadline, "the client's frame " + (data + 1) + " of " + count);
    }
  }

  /** Waits for the client's close frame; returns every frame the client sent. */
  List<RecordedFrame> awaitClientClose(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      List<RecordedFrame> frames = connection.frames();
      if (frames.stream().anyMatch(f -> f.opcode() == RawFrames.CLOSE)) {
        return frames;
      }
      awaitMore(frames.size(), deadline, "the client's close frame");
    }
  }

  void awaitClientCloseForFailFast() {
    try {
      awaitClientClose(FAIL_FAST);
    } catch (AssertionError e) {
      throw new AssertionError(
          "The client did not fail fast: no close frame within "
              + FAIL_FAST.toSeconds()
              + " s of the invalid part, before the rest was sent",
          e);
    }
  }

  private void awaitMore(int have, long deadline, String what) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new AssertionError(
          "Timed out waiting for " + what + "; the client sent " + connection.frames());
    }
    try {
      connection.awaitFrames(have + 1, Duration.ofNanos(left));
    } catch (AssertionError e) {
      throw new AssertionError(
          "Timed out waiting for " + what + "; the client sent " + connection.frames(), e);
    }
  }
}
