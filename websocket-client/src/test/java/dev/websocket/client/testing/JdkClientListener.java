package dev.websocket.client.testing;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Collects what the JDK's {@code java.net.http.WebSocket} receives, so the fixture can be tested
 * with a client that shares no code with ours. Messages are joined from their parts; a test takes
 * them one at a time with a deadline.
 */
public final class JdkClientListener implements WebSocket.Listener {

  /** A whole message: text, or binary. */
  public record Message(boolean text, byte[] bytes) {
    /** The payload as UTF-8. */
    public String asText() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** The close the server sent. */
  public record Close(int code, String reason) {}

  private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
  private final CompletableFuture<Close> closed = new CompletableFuture<>();
  private final StringBuilder textParts = new StringBuilder();
  private final ByteArrayOutputStream binaryParts = new ByteArrayOutputStream();

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    textParts.append(data);
    if (last) {
      messages.add(new Message(true, textParts.toString().getBytes(StandardCharsets.UTF_8)));
      textParts.setLength(0);
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    binaryParts.writeBytes(bytes);
    if (last) {
      messages.add(new Message(false, binaryParts.toByteArray()));
      binaryParts.reset();
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
    byte[] bytes = new byte[message.remaining()];
    message.get(bytes);
    pongs.add(bytes);
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    closed.complete(new Close(statusCode, reason));
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    closed.completeExceptionally(error);
  }

  /** The next whole message; fails the test after the timeout. */
  public Message nextMessage(Duration timeout) throws InterruptedException {
    Message m = messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (m == null) {
      throw new AssertionError("No message within " + timeout.toMillis() + " ms");
    }
    return m;
  }

  /** The next pong's payload; fails the test after the timeout. */
  public byte[] nextPong(Duration timeout) throws InterruptedException {
    byte[] p = pongs.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (p == null) {
      throw new AssertionError("No pong within " + timeout.toMillis() + " ms");
    }
    return p;
  }

  /** Pongs received and not yet taken. */
  public int pendingPongs() {
    return pongs.size();
  }

  /** Completes with the server's close, or exceptionally with the connection's error. */
  public CompletableFuture<Close> closed() {
    return closed;
  }
}
