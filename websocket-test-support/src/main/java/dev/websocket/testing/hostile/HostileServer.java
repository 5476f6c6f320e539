package dev.websocket.testing.hostile;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket server that speaks the opening handshake by hand on a plain {@link ServerSocket} and
 * then does one {@link HostileCase}, for every client that connects, until the client closes the
 * connection or the server is closed. Written with blocking sockets and no WebSocket library, so
 * that nothing between it and the wire is polite: when the client stops reading, its writes block
 * on TCP, which is the client's backpressure at work.
 *
 * <p>Listens on 127.0.0.1, port 0. Each connection gets a daemon thread.
 */
public final class HostileServer implements AutoCloseable {

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final int MAX_REQUEST_HEAD = 16 * 1024;

  private final HostileCase hostileCase;
  private final ServerSocket listener;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicLong bytesSent = new AtomicLong();
  private volatile boolean closed;

  private HostileServer(HostileCase hostileCase) throws IOException {
    this.hostileCase = hostileCase;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "hostile-server-" + hostileCase);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A server doing {@code hostileCase} to every client, started on a free loopback port. */
  public static HostileServer start(HostileCase hostileCase) throws IOException {
    return new HostileServer(hostileCase);
  }

  /** The port it listens on. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Bytes written to every client so far, the handshake response included. */
  public long bytesSent() {
    return bytesSent.get();
  }

  /** The URL to connect to: {@code ws://127.0.0.1:port/}. */
  public String url() {
    return "ws://127.0.0.1:" + port() + "/";
  }

  private void accept() {
    while (!closed) {
      try {
        Socket socket = listener.accept();
        sockets.add(socket);
        Thread serving = new Thread(() -> serve(socket), "hostile-connection-" + hostileCase);
        serving.setDaemon(true);
        serving.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      String key = secWebSocketKey(socket.getInputStream());
      OutputStream out =
          new FilterOutputStream(socket.getOutputStream()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              super.out.write(b, off, len);
              bytesSent.addAndGet(len);
            }

            @Override
            public void write(int b) throws IOException {
              super.out.write(b);
              bytesSent.incrementAndGet();
            }
          };
      if (hostileCase.upgrades()) {
        out.write(
            ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: "
                    + accept(key)
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      hostileCase.run(out);
    } catch (SocketException e) {
      // The client closed or reset the connection: the usual end of a flood.
    } catch (IOException e) {
      if (!closed) {
        System.err.println("hostile server: " + e);
      }
    }
  }

  /** Reads the request head and returns its Sec-WebSocket-Key. */
  private static String secWebSocketKey(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0 || head.size() >= MAX_REQUEST_HEAD) {
        throw new SocketException("no complete request head");
      }
      head.write(b);
      matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
    }
    for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0
          && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
        return line.substring(colon + 1).trim();
      }
    }
    return "";
  }

  private static String accept(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JDK", e);
    }
  }

  /** Stops listening and closes every connection, which ends their floods. */
  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
