package dev.websocket.benchmarks.e2e;

import dev.websocket.client.AsyncWebSocket;
import dev.websocket.client.WebSocket;
import dev.websocket.client.WebSocketListener;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * This project's async handle, as its README shows: {@code WebSocket.connectAsync} with a {@link
 * WebSocketListener} whose default {@code onOpen} asks for every message; sends from the listener;
 * {@code close()} then {@code closeFuture()}.
 */
final class ThisAsyncPeer implements Peer {

  @Override
  public String name() {
    return "this: async";
  }

  @Override
  public boolean ours() {
    return true;
  }

  @Override
  public Link connect(String host, int port, Receiver receiver) throws Exception {
    AsyncLink link = new AsyncLink();
    link.ws =
        WebSocket.connectAsync(
                "ws://" + host + ":" + port + "/",
                ThisBlockingPeer.OPTIONS,
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
    volatile AsyncWebSocket ws;

    @Override
    public void send(byte[] message) {
      ws.sendBinary(message);
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
