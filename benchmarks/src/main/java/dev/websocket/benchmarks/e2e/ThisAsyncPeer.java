package dev.websocket.benchmarks.e2e;

import dev.websocket.client.AsyncWebSocket;
import dev.websocket.client.ConnectOptions;
import dev.websocket.client.WebSocket;
import dev.websocket.client.WebSocketListener;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * This project's async handle, as its README shows: {@code WebSocket.connectAsync} with a {@link
 * WebSocketListener} whose default {@code onOpen} asks for every message; sends from the listener;
 * {@code close()} then {@code closeFuture()}. Each send is {@code sendBinary}, which returns a
 * future; or, for {@link #withoutFutures()}, {@code trySendBinary}, which queues with no future, as
 * Netty's client writes with its void promise, Jetty's with {@code Callback.NOOP} and OkHttp's
 * {@code send} returns a boolean.
 */
final class ThisAsyncPeer implements Peer {

  /**
   * The 1 MiB workload keeps 4 MiB in flight: a send queue that holds them, as a user streaming
   * such messages sets it. With the default 1 MiB queue a send beyond it is refused at once (its
   * future fails), which would leave the window smaller than every other client's.
   */
  private static final ConnectOptions OPTIONS =
      ThisBlockingPeer.OPTIONS.toBuilder().sendBufferBytes(8 * 1024 * 1024).build();

  private final boolean futures;

  ThisAsyncPeer() {
    this(true);
  }

  private ThisAsyncPeer(boolean futures) {
    this.futures = futures;
  }

  /** Sends with {@code trySendBinary}: no future per message. */
  static ThisAsyncPeer withoutFutures() {
    return new ThisAsyncPeer(false);
  }

  @Override
  public String name() {
    return futures ? "this: async" : "this: async, trySendBinary";
  }

  @Override
  public boolean ours() {
    return true;
  }

  @Override
  public Link connect(String host, int port, Receiver receiver) throws Exception {
    AsyncLink link = new AsyncLink(futures);
    link.ws =
        WebSocket.connectAsync(
                "ws://" + host + ":" + port + "/",
                OPTIONS,
                new WebSocketListener() {
                  @Override
                  public void onBinary(AsyncWebSocket ws, ByteBuffer data) {
                    receiver.onMessage(link, data.remaining());
                  }
                })
            .get(30, TimeUnit.SECONDS);
    return link;
  }

  private static final class AsyncLink implements Link {
    private final boolean futures;
    volatile AsyncWebSocket ws;

    AsyncLink(boolean futures) {
      this.futures = futures;
    }

    @Override
    public void send(byte[] message) {
      if (futures) {
        if (ws.sendBinary(message).isCompletedExceptionally()) {
          throw new IllegalStateException("send refused: queue full or closing");
        }
      } else if (!ws.trySendBinary(message)) {
        throw new IllegalStateException("send refused: queue full or closing");
      }
    }

    @Override
    public void close() throws Exception {
      ws.close();
      ws.closeFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {}
}
