package dev.websocket.benchmarks.e2e;

/**
 * One client under test, used the way its own documentation shows: its recommended way to open a
 * connection, send a binary message, receive one and close. Shared resources (event loops, an HTTP
 * client, a thread pool) live as long as the peer.
 */
interface Peer extends AutoCloseable {

  /** The name in the tables. */
  String name();

  /** Whether this is one of this project's own front doors (not a peer to beat). */
  default boolean ours() {
    return false;
  }

  /**
   * Opens one connection to the echo server and returns once it is open. Every echoed message is
   * reported to {@code receiver}, on whatever thread the library delivers it.
   */
  Link connect(String host, int port, Receiver receiver) throws Exception;

  /**
   * How the workloads are driven: from the library's receive callbacks, unless the peer says
   * otherwise.
   */
  default Driver driver(String host, int port) {
    return new CallbackDriver(this, host, port);
  }

  /** One open connection. */
  interface Link {
    /**
     * Sends one binary message; may be called from the receive callback. The array is never changed
     * by the caller afterwards.
     */
    void send(byte[] message);

    /** Runs the close handshake and returns once the library reports the connection closed. */
    void close() throws Exception;
  }

  /** Where a connection reports the messages it receives. */
  @FunctionalInterface
  interface Receiver {
    /** A whole binary message of {@code length} bytes arrived on {@code link}. */
    void onMessage(Link link, int length);
  }
}
