package dev.websocket.benchmarks.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@code java.net.http} WebSocket, as its javadoc describes: one shared {@link
 * HttpClient}, {@code newWebSocketBuilder().buildAsync}, a {@link WebSocket.Listener} that joins
 * partial messages and calls {@code request(1)} after each, and sends chained on the previous
 * send's completion (the API allows one outstanding send at a time).
 */
final class JdkPeer implements Peer {

  private final HttpClient client = HttpClient.newHttpClient();

  @Override
  public String name() {
    return "jdk java.net.http";
  }

  @Override
  public Link connect(String host, int port, Receiver receiver) throws Exception {
    JdkLink link = new JdkLink();
    link.ws =
        client
            .newWebSocketBuilder()
            .buildAsync(
                URI.create("ws://" + host + ":" + port + "/"),
                new WebSocket.Listener() {
                  private int partial;

                  @Override
                  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                    partial += data.remaining();
                    if (last) {
                      int length = partial;
                      partial = 0;
                      receiver.onMessage(link, length);
                    }
                    ws.request(1);
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                    link.closed.complete(null);
                    return null;
                  }

                  @Override
                  public void onError(WebSocket ws, Throwable error) {
                    link.closed.completeExceptionally(error);
                  }
                })
            .get(30, TimeUnit.SECONDS);
    return link;
  }

  private static final class JdkLink implements Link {
    volatile WebSocket ws;
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final ArrayDeque<byte[]> queued = new ArrayDeque<>();
    private boolean sending;

    @Override
    public void send(byte[] message) {
      synchronized (queued) {
        if (sending) {
          queued.add(message);
          return;
        }
        sending = true;
      }
      sendNow(message);
    }

    private void sendNow(byte[] message) {
      ws.sendBinary(ByteBuffer.wrap(message), true)
          .whenComplete(
              (w, e) -> {
                if (e != null) {
                  return;
                }
                byte[] next;
                synchronized (queued) {
                  next = queued.poll();
                  if (next == null) {
                    sending = false;
                    return;
                  }
                }
                sendNow(next);
              });
    }

    @Override
    public void close() throws Exception {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(30, TimeUnit.SECONDS);
      closed.get(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    // HttpClient has no close() before Java 21; its threads are daemons.
  }
}
