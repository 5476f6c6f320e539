package dev.websocket.client.testing;

import dev.websocket.testing.Hex;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A hand-driven client socket for tests that must see or send exact bytes: it writes a handshake
 * written out by hand, reads the response head byte for byte, sends masked frames with a fixed key
 * and parses what the server sends. Works over TCP and Unix domain sockets alike.
 *
 * <p>Every read waits at most {@link #timeout(Duration) the timeout} (5 s by default) and then
 * throws {@link SocketTimeoutException}, so a test never hangs on a silent peer.
 */
public final class RawClient implements AutoCloseable {

  /** The masking key of RFC 6455's examples, so masked frames are fixed byte strings. */
  public static final byte[] MASK_KEY = {0x37, (byte) 0xfa, 0x21, 0x3d};

  /** The {@code Sec-WebSocket-Key} of RFC 6455's example handshake. */
  public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  /** The {@code Sec-WebSocket-Accept} that answers {@link #KEY}, from the same example. */
  public static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

  private final SocketChannel channel;
  private final Selector selector;
  private final SelectionKey key;
  private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
  private final ByteArrayOutputStream unread = new ByteArrayOutputStream();
  private final Deque<RecordedFrame> frames = new ArrayDeque<>();
  private RawFrameParser parser;
  private Duration timeout = Duration.ofSeconds(5);
  private boolean eof;

  private RawClient(SocketChannel channel) throws IOException {
    this.channel = channel;
    channel.configureBlocking(false);
    this.selector = Selector.open();
    this.key = channel.register(selector, 0);
  }

  /** Connects to a test server, over TCP or its Unix socket. */
  public static RawClient connect(TestWebSocketServer server) throws IOException {
    return server.unixSocket() != null
        ? connect(UnixDomainSocketAddress.of(server.unixSocket()))
        : connect(new InetSocketAddress("127.0.0.1", server.port()));
  }

  /** Connects to a TCP or Unix domain socket address. */
  public static RawClient connect(SocketAddress address) throws IOException {
    SocketChannel channel =
        address instanceof UnixDomainSocketAddress
            ? SocketChannel.open(StandardProtocolFamily.UNIX)
            : SocketChannel.open();
    try {
      channel.connect(address);
      return new RawClient(channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** How long a read or a write may wait. */
  public RawClient timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** The standard handshake request for {@code path}, plus these extra header lines. */
  public static String handshakeRequest(String path, String... extraHeaderLines) {
    StringBuilder sb =
        new StringBuilder()
            .append("GET ")
            .append(path)
            .append(" HTTP/1.1\r\n")
            .append("Host: 127.0.0.1\r\n")
            .append("Upgrade: websocket\r\n")
            .append("Connection: Upgrade\r\n")
            .append("Sec-WebSocket-Key: ")
            .append(KEY)
            .append("\r\n")
            .append("Sec-WebSocket-Version: 13\r\n");
    for (String line : extraHeaderLines) {
      sb.append(line).append("\r\n");
    }
    return sb.append("\r\n").toString();
  }

  /** Writes the standard handshake request and returns the response head (up to the blank line). */
  public String handshake(String path, String... extraHeaderLines) throws IOException {
    write(handshakeRequest(path, extraHeaderLines).getBytes(StandardCharsets.ISO_8859_1));
    return readHttpHead();
  }

  /** Writes every byte, waiting for the socket to accept them. */
  public void write(byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long deadline = deadline();
    while (buffer.hasRemaining()) {
      if (channel.write(buffer) == 0) {
        await(SelectionKey.OP_WRITE, deadline);
      }
    }
  }

  /** Writes what the socket takes right now without waiting; returns how many bytes that was. */
  public int writeWithoutWaiting(ByteBuffer buffer) throws IOException {
    return channel.write(buffer);
  }

  /** Sends a final text frame, masked with {@link #MASK_KEY}. */
  public void sendText(String text) throws IOException {
    sendFrame(true, 0, RawFrames.TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends one frame masked with {@link #MASK_KEY}. */
  public void sendFrame(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
    write(RawFrames.maskedFrame(fin, rsv, opcode, payload, MASK_KEY));
  }

  /** Reads the response head: every byte up to and including the first empty line. */
  public String readHttpHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      head.write(readExactly(1)[0]);
      byte[] soFar = head.toByteArray();
      int n = soFar.length;
      if (n >= 4
          && soFar[n - 4] == '\r'
          && soFar[n - 3] == '\n'
          && soFar[n - 2] == '\r'
          && soFar[n - 1] == '\n') {
        return new String(soFar, StandardCharsets.ISO_8859_1);
      }
    }
  }

  /** Reads exactly {@code count} bytes. */
  public byte[] readExactly(int count) throws IOException {
    long deadline = deadline();
    while (unread.size() < count) {
      if (fill(deadline) < 0) {
        throw new EOFException(
            "Connection closed after "
                + unread.size()
                + " of "
                + count
                + " bytes: "
                + Hex.encode(unread.toByteArray()));
      }
    }
    return take(count);
  }

  /** Reads until the server closes the connection; returns every byte not yet read. */
  public byte[] readToEnd() throws IOException {
    long deadline = deadline();
    while (fill(deadline) >= 0) {
      // keep reading
    }
    return take(unread.size());
  }

  /** Reads the next frame the server sends. */
  public RecordedFrame readFrame() throws IOException {
    if (parser == null) {
      parser = new RawFrameParser(-1, Integer.MAX_VALUE - 64);
    }
    long deadline = deadline();
    while (frames.isEmpty()) {
      if (unread.size() == 0 && fill(deadline) < 0) {
        throw new EOFException("Connection closed while waiting for a frame");
      }
      byte[] bytes = take(unread.size());
      frames.addAll(parser.feed(bytes, 0, bytes.length));
    }
    return frames.poll();
  }

  /** Whether the server has closed its side (seen by a read returning end of stream). */
  public boolean endOfStream() {
    return eof;
  }

  @Override
  public void close() throws IOException {
    try {
      selector.close();
    } finally {
      channel.close();
    }
  }

  private long deadline() {
    return System.nanoTime() + timeout.toNanos();
  }

  /** Reads what is available, waiting until the deadline; returns -1 at end of stream. */
  private int fill(long deadline) throws IOException {
    while (true) {
      readBuffer.clear();
      int n = channel.read(readBuffer);
      if (n < 0) {
        eof = true;
        return -1;
      }
      if (n > 0) {
        unread.write(readBuffer.array(), 0, n);
        return n;
      }
      await(SelectionKey.OP_READ, deadline);
    }
  }

  private void await(int op, long deadline) throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException(
          "Timed out after "
              + timeout.toMillis()
              + " ms waiting to "
              + (op == SelectionKey.OP_READ ? "read" : "write")
              + "; unread: "
              + Hex.encode(unread.toByteArray()));
    }
    key.interestOps(op);
    selector.select(Math.max(1, left / 1_000_000));
    selector.selectedKeys().clear();
  }

  private byte[] take(int count) {
    byte[] all = unread.toByteArray();
    unread.reset();
    unread.write(all, count, all.length - count);
    return Arrays.copyOf(all, count);
  }
}
