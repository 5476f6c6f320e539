package dev.websocket.client.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback address and port where a connect gets no answer, as behind a broken route: a socket
 * listens there and never accepts, and its accept queue is filled, so the kernel drops further
 * connection requests and a connect waits for its timeout.
 */
public final class BlackHole implements AutoCloseable {

  /** How long a probe connect may take before the queue counts as full. */
  private static final int PROBE_MILLIS = 200;

  private static final int MAX_FILLERS = 64;

  private final ServerSocket listener;
  private final List<SocketChannel> fillers = new ArrayList<>();

  private BlackHole(InetAddress address, int port) throws IOException {
    listener = new ServerSocket();
    try {
      listener.bind(new InetSocketAddress(address, port), 1);
      fill();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * A black hole at {@code address:port}.
   *
   * @throws IOException if the address cannot be bound (no IPv6 loopback, the port taken) or the
   *     queue did not fill up
   */
  public static BlackHole at(InetAddress address, int port) throws IOException {
    return new BlackHole(address, port);
  }

  /** The address where connects get no answer. */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  /** Connects until a connect is not answered within {@link #PROBE_MILLIS}: the queue is full. */
  private void fill() throws IOException {
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < MAX_FILLERS; i++) {
        SocketChannel probe = SocketChannel.open();
        probe.configureBlocking(false);
        boolean connected = probe.connect(address());
        if (!connected) {
          SelectionKey key = probe.register(selector, SelectionKey.OP_CONNECT);
          selector.select(PROBE_MILLIS);
          connected = probe.finishConnect();
          key.cancel();
          selector.selectNow(); // deregisters the cancelled key, so the next probe waits on its own
        }
        if (!connected) {
          probe.close();
          return;
        }
        fillers.add(probe);
      }
    }
    throw new IOException(
        "the accept queue of "
            + address()
            + " did not fill up after "
            + MAX_FILLERS
            + " connections");
  }

  @Override
  public void close() throws IOException {
    for (SocketChannel c : fillers) {
      c.close();
    }
    listener.close();
  }
}
