package dev.websocket.benchmarks.e2e;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Jetty 12's WebSocket client, as its documentation does: one started {@link WebSocketClient},
 * {@code connect(listener, uri)}, a {@link Session.Listener.AutoDemanding} listener, and {@code
 * sendBinary(buffer, callback)}. Its message limit (64 KiB by default) is raised to 16 MiB for the
 * 1 MiB workload. Jetty masks the payload in place, so each send hands it a buffer of its own, as a
 * Jetty user must.
 */
public final class JettyPeer implements Peer {

  private final WebSocketClient client = new WebSocketClient();

  JettyPeer() throws Exception {
    client.setMaxBinaryMessageSize(EchoServer.MAX_FRAME_BYTES);
    client.setMaxFrameSize(EchoServer.MAX_FRAME_BYTES);
    client.start();
  }

  @Override
  public String name() {
    return "jetty 12";
  }

  @Override
  public Link connect(String host, int port, Receiver receiver) throws Exception {
    JettyLink link = new JettyLink(receiver);
    link.session =
        client
            .connect(link, URI.create("ws://" + host + ":" + port + "/"))
            .get(30, TimeUnit.SECONDS);
    return link;
  }

  /** Public: Jetty looks the listener methods up reflectively. */
  public static final class JettyLink implements Session.Listener.AutoDemanding, Link {
    private final Receiver receiver;
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    volatile Session session;

    JettyLink(Receiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      int length = payload.remaining();
      callback.succeed();
      receiver.onMessage(this, length);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      closed.complete(null);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      closed.completeExceptionally(cause);
    }

    @Override
    public void send(byte[] message) {
      session.sendBinary(ByteBuffer.wrap(message.clone()), Callback.NOOP);
    }

    @Override
    public void close() throws Exception {
      session.close(StatusCode.NORMAL, null, Callback.NOOP);
      closed.get(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws Exception {
    client.stop();
  }
}
