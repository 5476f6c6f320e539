package dev.websocket.client;

import dev.websocket.client.internal.CallerDrivenLoop;
import dev.websocket.client.internal.CloseOutcome;
import dev.websocket.client.internal.Connection;
import dev.websocket.client.internal.Connector;
import dev.websocket.client.internal.InboundEvent;
import dev.websocket.client.internal.InboundQueue;
import dev.websocket.client.internal.Tracer;
import dev.websocket.client.internal.VirtualThreads;
import dev.websocket.client.internal.WebSocketUrl;
import dev.websocket.client.internal.http2.Http2Connector;
import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Frame;
import dev.websocket.codec.MessageAssembler;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.ProtocolViolationException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A blocking WebSocket client connection (Python's {@code websocket.WebSocket} and {@code
 * create_connection}).
 *
 * <pre>{@code
 * try (WebSocket ws = WebSocket.connect("ws://localhost:8080/chat")) {
 *   ws.send("Hello");
 *   System.out.println(ws.recv().text());
 * }
 * }</pre>
 *
 * <p>A {@code WebSocket} is also the sequence of its messages, as in Python's {@code for message in
 * ws}:
 *
 * <pre>{@code
 * try (WebSocket ws = WebSocket.connect(url)) {
 *   for (Message message : ws) {
 *     System.out.println(message.text());
 *   }
 * }
 * }</pre>
 *
 * <p>Sending is safe from any number of threads: each message is written whole, never interleaved.
 * A send waits only while the outgoing buffer is full. Receiving is meant for one thread at a time
 * (concurrent receivers are serialised). Pings from the server are answered automatically.
 */
public final class WebSocket implements AutoCloseable, Iterable<Message> {

  /** Beyond the close timeout, for the server's TCP close to follow its close frame. */
  private static final long CLOSE_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** How long {@link #abort()} waits for TCP to close. */
  private static final long ABORT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** How long ending a caller-driven loop may take: closing its channels and its poller. */
  private static final long LOOP_END_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static volatile Duration defaultTimeout;
  private static volatile Tracer tracer = Tracer.OFF;

  private final Connection connection;
  private final InboundQueue inbound;
  private final ConnectOptions options;

  /** One reader at a time; a lock, not a monitor, since a reader waits while holding it. */
  private final ReentrantLock readLock = new ReentrantLock();

  private MessageAssembler assembler;
  private volatile Duration timeout;

  private WebSocket(
      Connection connection, InboundQueue inbound, ConnectOptions options, Duration timeout) {
    this.connection = connection;
    this.inbound = inbound;
    this.options = options;
    this.timeout = timeout;
  }

  /**
   * Connects with the default options (Python's {@code create_connection(url)}).
   *
   * @throws IllegalArgumentException if the URL is malformed or not ws, wss or ws+unix
   * @throws WebSocketException if the connection or the handshake fails; see {@link
   *     #connect(String, ConnectOptions)}
   * @throws java.io.InterruptedIOException if the calling thread is interrupted while it waits
   */
  public static WebSocket connect(String url) throws IOException {
    return connect(url, ConnectOptions.DEFAULT);
  }

  /**
   * Connects with the given options.
   *
   * @throws IllegalArgumentException if the URL is malformed or not ws, wss or ws+unix
   * @throws WebSocketException if the connection or the handshake fails, with the original
   *     exception as its cause: {@link WebSocketBadStatusException} (not 101), {@link
   *     WebSocketProtocolException} (a bad 101), {@link WebSocketTimeoutException}, {@link
   *     WebSocketAddressException}, {@link WebSocketProxyException}, {@link
   *     WebSocketConnectException} (refused, unreachable, lost before the upgrade), {@link
   *     WebSocketTlsException} (TLS settings or handshake, with the reason)
   * @throws java.io.InterruptedIOException if the calling thread is interrupted while it waits
   */
  public static WebSocket connect(String url, ConnectOptions options) throws IOException {
    WebSocketUrl parsed = WebSocketUrl.parse(url);
    Duration timeout = timeoutFor(options);
    Duration connectTimeout = connectTimeoutFor(options);
    InboundQueue inbound = new InboundQueue(options.receiveBufferBytes());
    CallerDrivenLoop loop = callerDrivenLoop(options);
    Connector connector =
        new Connector(
            loop == null ? options : options.toBuilder().eventLoopGroup(loop).build(),
            tracer,
            connectTimeout,
            connection -> {
              inbound.bind(connection);
              return inbound;
            });
    CompletableFuture<Connection> future = connector.connect(parsed);
    boolean connected = false;
    try {
      Duration limit = connectTimeout.plusSeconds(1);
      if (loop != null) {
        drive(loop, future, limit);
      }
      // After driving the loop for the whole limit, a connect not done yet has timed out.
      Connection connection = await(future, loop != null ? Duration.ZERO : limit, limit, parsed);
      connected = true;
      if (loop != null) {
        // Once TCP is gone, the next run of the loop (a call, or the idle sweep) ends it.
        connection.closeFuture().addListener(closed -> loop.shutdownGracefully());
      }
      return new WebSocket(connection, inbound, options, timeout);
    } finally {
      if (loop != null && !connected) {
        // The attempts' channels are closed with the loop.
        terminate(loop);
      }
    }
  }

  /**
   * A loop of the connection's own, run by the threads that call the WebSocket, when the options
   * ask for it, leave the transport to the client, and the connecting thread is a platform thread
   * (a virtual one would hold its carrier while it waits on the socket).
   */
  private static CallerDrivenLoop callerDrivenLoop(ConnectOptions options) {
    boolean applies =
        options.ioOnCallerThread()
            && !VirtualThreads.isVirtual(Thread.currentThread())
            && options.eventLoopGroup() == null
            && options.bootstrap() == null
            && options.socket() == null
            && options.http2() == Http2Mode.OFF;
    return applies ? CallerDrivenLoop.create() : null;
  }

  /** Runs the connect on this thread until it is done or the time is up. */
  private static void drive(CallerDrivenLoop loop, CompletableFuture<?> future, Duration limit) {
    try {
      loop.awaitUntil(future::isDone, limit.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // await() below reports it.
    }
  }

  private static void terminate(CallerDrivenLoop loop) {
    boolean interrupted = Thread.interrupted();
    try {
      loop.terminate(LOOP_END_NANOS);
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Connects without blocking: the future completes with an {@link AsyncWebSocket} once the
   * handshake succeeded, and {@code listener} receives its events (see {@link WebSocketListener}).
   */
  public static CompletableFuture<AsyncWebSocket> connectAsync(
      String url, ConnectOptions options, WebSocketListener listener) {
    return AsyncWebSocket.connect(url, options, listener, null);
  }

  /**
   * As {@link #connectAsync(String, ConnectOptions, WebSocketListener)}, with the default options.
   */
  public static CompletableFuture<AsyncWebSocket> connectAsync(
      String url, WebSocketListener listener) {
    return connectAsync(url, ConnectOptions.DEFAULT, listener);
  }

  /**
   * As {@link #connectAsync(String, ConnectOptions, WebSocketListener)}, running the listener's
   * callbacks on {@code executor} (still one at a time, in order) instead of the event loop.
   */
  public static CompletableFuture<AsyncWebSocket> connectAsync(
      String url,
      ConnectOptions options,
      WebSocketListener listener,
      java.util.concurrent.Executor executor) {
    return AsyncWebSocket.connect(url, options, listener, executor);
  }

  /**
   * The receive (and blocked-send) limit: the options', else the process-wide default; null for
   * none.
   */
  static Duration timeoutFor(ConnectOptions options) {
    return options.timeout() != null ? options.timeout() : defaultTimeout;
  }

  /**
   * The limit on connect and handshake, for every front door: {@link #timeoutFor}, else {@link
   * ConnectOptions#DEFAULT_CONNECT_TIMEOUT}.
   */
  static Duration connectTimeoutFor(ConnectOptions options) {
    Duration timeout = timeoutFor(options);
    return timeout != null ? timeout : ConnectOptions.DEFAULT_CONNECT_TIMEOUT;
  }

  static Tracer tracer() {
    return tracer;
  }

  private static Connection await(
      CompletableFuture<Connection> future, Duration wait, Duration limit, WebSocketUrl url)
      throws IOException {
    try {
      return future.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.thenAccept(Connection::abort);
      throw new InterruptedIOException("Interrupted while connecting to " + url);
    } catch (TimeoutException e) {
      future.thenAccept(Connection::abort);
      throw new WebSocketTimeoutException(
          "Connecting to " + url + " timed out after " + limit.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      throw new WebSocketException("Connecting to " + url + " failed: " + cause, cause);
    }
  }

  // ---------------------------------------------------------------- sending

  /** Sends a TEXT message. */
  public void send(String text) throws IOException {
    sendFrame(Frame.text(text));
  }

  /** Sends a BINARY message; the array is copied while sending, do not change it meanwhile. */
  public void send(byte[] binary) throws IOException {
    sendFrame(Frame.binary(binary));
  }

  /** Sends a BINARY message from the buffer's remaining bytes (copied). */
  public void send(ByteBuffer binary) throws IOException {
    sendFrame(Frame.binary(Unpooled.copiedBuffer(binary)));
  }

  /**
   * Sends a payload with any opcode (Python's {@code send(data, opcode)}); TEXT payloads must be
   * UTF-8.
   */
  public void send(byte[] payload, Opcode opcode) throws IOException {
    sendFrame(new Frame(opcode, Unpooled.wrappedBuffer(payload)));
  }

  /** Sends a BINARY message (Python's {@code send_binary}). */
  public void sendBinary(byte[] payload) throws IOException {
    send(payload);
  }

  /** Sends a TEXT message (Python's {@code send_text}). */
  public void sendText(String text) throws IOException {
    send(text);
  }

  /**
   * Sends one frame as it is (Python's {@code send_frame}): fragments, reserved bits, any opcode.
   * The frame is taken over (released once written).
   */
  public void sendFrame(Frame frame) throws IOException {
    if (!connection.isWritable()) {
      waitWritable(frame);
    }
    if (connection.isClosing()) {
      // Closed, or a close sent or received: no frame may follow a close (RFC 6455 5.5.1).
      frame.release();
      throw closedException();
    }
    connection.send(frame);
  }

  private void waitWritable(Frame frame) throws IOException {
    Duration limit = timeout;
    try {
      if (!connection.awaitWritable(limit == null ? -1 : limit.toNanos())) {
        frame.release();
        throw new WebSocketTimeoutException(
            "Send timed out after " + limit.toMillis() + " ms: the server is not reading");
      }
    } catch (InterruptedException e) {
      frame.release();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting to send");
    }
  }

  /** Sends a PING with no payload. */
  public void ping() throws IOException {
    ping(new byte[0]);
  }

  /** Sends a PING with a UTF-8 payload of at most 125 bytes. */
  public void ping(String payload) throws IOException {
    ping(payload.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a PING with a payload of at most 125 bytes. */
  public void ping(byte[] payload) throws IOException {
    sendFrame(Frame.ping(Unpooled.wrappedBuffer(payload)));
  }

  /** Sends an unsolicited PONG (a heartbeat) with a payload of at most 125 bytes. */
  public void pong(byte[] payload) throws IOException {
    sendFrame(Frame.pong(Unpooled.wrappedBuffer(payload)));
  }

  /** Sends a PONG with a UTF-8 payload. */
  public void pong(String payload) throws IOException {
    pong(payload.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends an unsolicited PONG with no payload (a one-way heartbeat). */
  public void pong() throws IOException {
    pong(new byte[0]);
  }

  /** Sends a BINARY message (Python's {@code send_bytes}). */
  public void sendBytes(byte[] payload) throws IOException {
    send(payload);
  }

  // ---------------------------------------------------------------- receiving

  /**
   * Receives the next whole message, skipping control frames. Pings are answered all the same;
   * those that arrive while the last read was one that skips them are not kept for a later {@code
   * recvData(true)}, so a reader of messages alone never holds control frames.
   *
   * @throws WebSocketConnectionClosedException when the server closed (with its status and reason)
   * @throws WebSocketTimeoutException when nothing arrived within {@link #timeout()}; the
   *     connection stays usable
   * @throws WebSocketProtocolException when the server broke the protocol (the client then fails
   *     the connection with the close code)
   */
  public Message recv() throws IOException {
    while (true) {
      ReceivedData data = receive(false);
      if (data.opcode() == Opcode.TEXT
          || data.opcode() == Opcode.BINARY
          || data.opcode() == Opcode.CONTINUATION) {
        return data;
      }
      if (data.opcode() == Opcode.CLOSE) {
        // Even while TCP is still open: the server closes it after our answer.
        throw connection.closeOutcome().exception();
      }
    }
  }

  /**
   * Receives the next message as opcode and bytes (Python's {@code recv_data}). With {@code
   * controlFrame}, PING and PONG frames are returned too; CLOSE is always returned.
   */
  public Data recvData(boolean controlFrame) throws IOException {
    return receive(controlFrame);
  }

  /**
   * Like {@link #recvData(boolean)}, Python's {@code recv_data_frame}: fragments are joined unless
   * {@link ConnectOptions#fireContFrame()} asks for them one by one.
   */
  public Data recvDataFrame(boolean controlFrame) throws IOException {
    return recvData(controlFrame);
  }

  /**
   * Like {@link #recvDataFrame(boolean)}, waiting at most {@code wait} for each frame (null: for
   * ever) instead of {@link #timeout()}: for a read loop with timers of its own, which must not
   * change the timeout that other threads' sends wait under.
   */
  Data recvDataFrame(boolean controlFrame, Duration wait) throws IOException {
    return receive(controlFrame, wait);
  }

  private ReceivedData receive(boolean controlFrame) throws IOException {
    return receive(controlFrame, timeout);
  }

  /**
   * Ends the receive waiting now (or the next one) with a {@link WebSocketTimeoutException}, the
   * message assembled so far kept: for {@code WebSocketApp}, whose read loop reports refused sends.
   */
  void wakeReceiver() {
    inbound.wakeReader();
  }

  private ReceivedData receive(boolean controlFrame, Duration wait) throws IOException {
    readLock.lock();
    try {
      while (true) {
        InboundEvent event = next(controlFrame, wait);
        if (event instanceof InboundEvent.Whole whole) {
          return copy(whole);
        }
        Frame frame = ((InboundEvent.Received) event).frame();
        try {
          switch (frame.opcode()) {
            case PING:
            case PONG:
              if (controlFrame) {
                return copy(frame);
              }
              break;
            case CLOSE:
              return copy(frame);
            default:
              if (options.fireContFrame()) {
                return copy(frame);
              }
              Frame whole = assembler().add(frame.retain());
              if (whole != null) {
                try {
                  return copy(whole);
                } finally {
                  whole.release();
                }
              }
          }
        } finally {
          frame.release();
        }
      }
    } finally {
      readLock.unlock();
    }
  }

  /**
   * Receives the next frame exactly as it arrived (Python's {@code recv_frame}): fragments are not
   * joined and control frames are included.
   */
  public Data recvFrame() throws IOException {
    readLock.lock();
    try {
      InboundEvent event = next(true, timeout);
      if (event instanceof InboundEvent.Whole whole) {
        return copy(whole);
      }
      Frame frame = ((InboundEvent.Received) event).frame();
      try {
        return copy(frame);
      } finally {
        frame.release();
      }
    } finally {
      readLock.unlock();
    }
  }

  private MessageAssembler assembler() {
    if (assembler == null) {
      assembler = new MessageAssembler(connection.channel().alloc());
    }
    return assembler;
  }

  /**
   * A message of one final TEXT or BINARY frame, copied on the event loop; whole as it is, since
   * the parser lets no such frame arrive inside a fragmented message.
   */
  private static ReceivedData copy(InboundEvent.Whole whole) {
    return new ReceivedData(whole.opcode(), true, whole.payload());
  }

  private static ReceivedData copy(Frame frame) {
    return new ReceivedData(frame.opcode(), frame.isFinal(), ByteBufUtil.getBytes(frame.payload()));
  }

  /**
   * The next frame ({@link InboundEvent.Received}, the caller's to release) or whole message of one
   * frame ({@link InboundEvent.Whole}), waiting at most {@code limit} (null: for ever); the other
   * events end in their exception.
   */
  private InboundEvent next(boolean controlFrames, Duration limit) throws IOException {
    InboundEvent event;
    try {
      event = inbound.take(limit == null ? -1 : limit.toNanos(), controlFrames);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while receiving");
    }
    if (event == null) {
      throw limit == null
          ? new WebSocketTimeoutException("Receive woken with nothing received")
          : new WebSocketTimeoutException("Receive timed out after " + limit.toMillis() + " ms");
    }
    if (event instanceof InboundEvent.Whole || event instanceof InboundEvent.Received) {
      return event;
    }
    if (event instanceof InboundEvent.Violation violation) {
      // Queued behind every frame this application sent before reaching it, and ahead of its close.
      connection.fail(violation.violation());
      throw exceptionFor(violation.violation());
    }
    if (event instanceof InboundEvent.Failure failure) {
      Throwable cause = failure.cause();
      throw new WebSocketConnectionClosedException(
          "Connection lost: " + cause.getMessage(), CloseStatus.ABNORMAL_CLOSED, "", cause);
    }
    throw closedException();
  }

  /**
   * The user-facing exception for a violation: a payload error for 1007 and 1009, else a protocol
   * error.
   */
  static WebSocketProtocolException exceptionFor(ProtocolViolationException v) {
    int code = v.closeStatus();
    if (code == CloseStatus.INVALID_PAYLOAD || code == CloseStatus.MESSAGE_TOO_BIG) {
      return new WebSocketPayloadException(code, v.getMessage(), v);
    }
    return new WebSocketProtocolException(code, v.getMessage(), v);
  }

  private WebSocketConnectionClosedException closedException() {
    InboundEvent.Closed closed = inbound.closed();
    if (closed != null) {
      return closed.outcome().exception();
    }
    CloseOutcome outcome = connection.closeOutcome();
    if (outcome.sent() != null || outcome.received() != null) {
      return outcome.exception(); // the close handshake runs, TCP is still open
    }
    return new WebSocketConnectionClosedException("Connection is closing");
  }

  // ---------------------------------------------------------------- closing

  /** Closes normally (1000) and waits up to the close timeout for the server's close frame. */
  @Override
  public void close() throws IOException {
    close(CloseStatus.NORMAL, "", options.closeTimeout());
  }

  /** Closes with a status and reason, waiting up to the close timeout. */
  public void close(int status, String reason) throws IOException {
    close(status, reason, options.closeTimeout());
  }

  /**
   * Sends a close frame, waits up to {@code timeout} for the server's close frame, then closes TCP.
   * Closing a closed connection does nothing.
   *
   * @throws IllegalArgumentException for a status that may not be sent or a reason over 123 bytes
   */
  public void close(int status, String reason, Duration timeout) throws IOException {
    Frame.close(status, reason).release(); // check the arguments on the caller's thread
    if (connection.isOpen()) {
      connection.close(status, reason);
    }
    inbound.closing();
    try {
      if (!connection.awaitClosed(timeout.toNanos() + CLOSE_GRACE_NANOS)) {
        connection.abort();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connection.abort();
    } finally {
      inbound.endNow(connection.closeOutcome());
      inbound.drain();
      releaseAssembler();
      endCallerDrivenLoop();
    }
  }

  /** Sends a close frame without waiting for the answer (Python's {@code send_close}). */
  public void sendClose(int status, String reason) throws IOException {
    Frame.close(status, reason).release();
    if (!connection.isOpen()) {
      throw closedException();
    }
    connection.close(status, reason);
  }

  /**
   * Closes TCP at once, without the close handshake (Python's {@code abort}); messages not yet
   * received are dropped, and readers wake with a closed error.
   */
  public void abort() {
    connection.abort();
    try {
      connection.awaitClosed(ABORT_WAIT_NANOS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    inbound.endNow(CloseOutcome.NONE);
    inbound.drain();
    releaseAssembler();
    endCallerDrivenLoop();
  }

  /** Frees the poller of a connection whose I/O runs on its callers' threads. */
  private void endCallerDrivenLoop() {
    CallerDrivenLoop loop = connection.callerDrivenLoop();
    if (loop != null) {
      terminate(loop);
    }
  }

  /** Closes the socket (Python's {@code shutdown}); as {@link #abort()}. */
  public void shutdown() {
    abort();
  }

  private void releaseAssembler() {
    readLock.lock();
    try {
      if (assembler != null) {
        assembler.discard();
      }
    } finally {
      readLock.unlock();
    }
  }

  // ---------------------------------------------------------------- state

  /** The handshake's HTTP status: 101, or 200 for a WebSocket over HTTP/2. */
  public int status() {
    return connection.handshake().status();
  }

  /**
   * {@code "HTTP/2"} when this WebSocket is a stream of an HTTP/2 connection (RFC 8441, see {@link
   * ConnectOptions.Builder#http2(Http2Mode)}), {@code "HTTP/1.1"} when it has a connection of its
   * own.
   */
  public String httpVersion() {
    return Http2Connector.httpVersion(connection.channel());
  }

  /** The handshake response's headers, names in lower case. */
  public Map<String, List<String>> headers() {
    return connection.handshake().headers();
  }

  /** The subprotocol the server chose, or null. */
  public String subprotocol() {
    return connection.handshake().subprotocol();
  }

  /** Whether the connection is open for sending: connected, and no close sent or received. */
  public boolean isConnected() {
    return !connection.isClosing(); // closing covers closed
  }

  /** The receive (and blocked-send) time limit, or null for none. */
  public Duration timeout() {
    return timeout;
  }

  /** Sets the receive (and blocked-send) time limit; null waits for ever. */
  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  /** The underlying core, for the other front doors of this package. */
  Connection connection() {
    return connection;
  }

  // ---------------------------------------------------------------- iteration

  /**
   * The messages as they arrive, each taken by {@link #recv()}: the iteration ends after a normal
   * close (the server's or this client's close with 1000, or the server's 1001 going away), and
   * {@code next()} throws {@link java.io.UncheckedIOException} with the {@link WebSocketException}
   * as its cause for any other end (another close code, a protocol violation, a lost connection, a
   * receive timeout). Meant for one thread, as {@code recv()} is.
   */
  @Override
  public Iterator<Message> iterator() {
    return new MessageIterator(this);
  }

  /** Whether the connection is over TLS (wss; Python's {@code is_ssl}). */
  public boolean isSecure() {
    // Over HTTP/2 the WebSocket is a stream, whose parent channel holds the TLS handler.
    for (Channel channel = connection.channel(); channel != null; channel = channel.parent()) {
      if (channel.pipeline().get(SslHandler.class) != null) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- process-wide settings

  /**
   * Turns tracing of handshakes and frames on or off for connections opened afterwards, in the
   * Python library's format, to standard error (Python's {@code enableTrace}).
   */
  public static void enableTrace(boolean on) {
    enableTrace(on, System.err);
  }

  /**
   * Turns tracing on to {@code out}, or to Netty's logger (SLF4J when present) when {@code out} is
   * null.
   */
  public static void enableTrace(boolean on, PrintStream out) {
    tracer = on ? Tracer.to(out) : Tracer.OFF;
  }

  /** Sets the timeout used when {@link ConnectOptions#timeout()} is not set; null for none. */
  public static void setDefaultTimeout(Duration timeout) {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    defaultTimeout = timeout;
  }

  /**
   * The timeout used when {@link ConnectOptions#timeout()} is not set; null (the default) for none.
   */
  public static Duration defaultTimeout() {
    return defaultTimeout;
  }

  @Override
  public String toString() {
    return "WebSocket(" + connection.channel() + ")";
  }
}
