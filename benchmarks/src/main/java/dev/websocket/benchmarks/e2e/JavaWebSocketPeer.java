package dev.websocket.benchmarks.e2e;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * Java-WebSocket (TooTallNate), as its README's client example does: a {@link WebSocketClient}
 * subclass per connection, {@code connectBlocking}, {@code send(byte[])}, {@code
 * onMessage(ByteBuffer)}, {@code closeBlocking}. Each client runs its own read and write threads:
 * that is its design. TCP_NODELAY is set with its documented setter (it defaults to off), as the
 * others have it on.
 */
final class JavaWebSocketPeer implements Peer {

  @Override
  public String name() {
    return "java-websocket";
  }

  @Override
  public Link connect(String host, int port, Receiver receiver) throws Exception {
    Client client = new Client(new URI("ws://" + host + ":" + port + "/"), receiver);
    client.setTcpNoDelay(true);
    if (!client.connectBlocking(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("connect failed");
    }
    return client.link;
  }

  private static final class Client extends WebSocketClient {
    private final Receiver receiver;
    final Link link =
        new Link() {
          @Override
          public void send(byte[] message) {
            Client.this.send(message);
          }

          @Override
          public void close() throws InterruptedException {
            closeBlocking();
          }
        };

    Client(URI uri, Receiver receiver) {
      super(uri);
      this.receiver = receiver;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {}

    @Override
    public void onMessage(String message) {}

    @Override
    public void onMessage(ByteBuffer bytes) {
      receiver.onMessage(link, bytes.remaining());
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {}

    @Override
    public void onError(Exception ex) {}
  }

  @Override
  public void close() {}
}
