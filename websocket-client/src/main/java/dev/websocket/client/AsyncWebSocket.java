package dev.websocket.client;

import dev.websocket.client.internal.AsyncDispatcher;
import dev.websocket.client.internal.Connection;
import dev.websocket.client.internal.Connector;
import dev.websocket.client.internal.WebSocketUrl;
import dev.websocket.client.internal.http2.Http2Connector;
import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.ProtocolViolationException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A non-blocking WebSocket connection, opened with {@link WebSocket#connectAsync(String,
 * ConnectOptions, WebSocketListener)}.
 *
 * <pre>{@code
 * WebSocket.connectAsync(url, options, new WebSocketListener() {
 *   public void onOpen(AsyncWebSocket ws) { ws.request(1); }
 *   public void onText(AsyncWebSocket ws, String text) { handle(text); ws.request(1); }
 * }).thenCompose(ws -> ws.sendText("subscribe"));
 * }</pre>
 *
 * <p>Every send returns a future that completes when the frame's bytes were written to the socket
 * (not merely queued), or fails with the reason. Sends are safe from any thread and never
 * interleave. Beyond {@link ConnectOptions#sendBufferBytes()} queued bytes a send fails at once
 * with {@link WebSocketQueueFullException} instead of buffering without bound.
 */
public final class AsyncWebSocket {

  private final Connection connection;
  private final AsyncDispatcher dispatcher;

  /** Completed after onClose: a caller who waits for the end sees the listener's last event too. */
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private AsyncWebSocket(Connection connection, AsyncDispatcher dispatcher) {
    this.connection = connection;
    this.dispatcher = dispatcher;
  }

  static CompletableFuture<AsyncWebSocket> connect(
      String url, ConnectOptions options, WebSocketListener listener, Executor executor) {
    WebSocketUrl parsed = WebSocketUrl.parse(url);
    Duration connectTimeout = WebSocket.connectTimeoutFor(options);
    AsyncWebSocket[] handle = new AsyncWebSocket[1];
    Connector connector =
        new Connector(
            options,
            WebSocket.tracer(),
            connectTimeout,
            connection -> {
              ListenerEvents events = new ListenerEvents(listener);
              AsyncDispatcher dispatcher =
                  new AsyncDispatcher(
                      options.fireContFrame(), events, executor, options.receiveBufferBytes());
              dispatcher.bind(connection);
              handle[0] = events.ws = new AsyncWebSocket(connection, dispatcher);
              events.dispatcher = dispatcher;
              return dispatcher;
            });
    return connector
        .connect(parsed)
        .thenApply(
            connection -> {
              AsyncWebSocket ws = handle[0];
              ws.dispatcher.run(
                  () -> {
                    try {
                      listener.onOpen(ws);
                    } catch (RuntimeException e) {
                      listener.onError(ws, e);
                      ws.dispatcher.internalError();
                    }
                  });
              return ws;
            });
  }

  /** Sends a TEXT message. */
  public CompletableFuture<Void> sendText(String text) {
    return sendFrame(Frame.text(text));
  }

  /** Sends a BINARY message; the array must not change until the future completes. */
  public CompletableFuture<Void> sendBinary(byte[] data) {
    return sendFrame(Frame.binary(data));
  }

  /** Sends a BINARY message of the buffer's remaining bytes (copied). */
  public CompletableFuture<Void> sendBinary(ByteBuffer data) {
    return sendFrame(Frame.binary(Unpooled.copiedBuffer(data)));
  }

  /**
   * Queues a BINARY message with no future, for a stream of small messages where a future per
   * message costs more than sending it (as Netty's void promise does). The message is written in
   * order with every other send, and the write is not reported by itself: should it fail, the
   * connection fails and the listener hears of it through {@code onError} or {@code onClose}. The
   * array becomes the connection's: it must not change afterwards.
   *
   * @return true once queued; false, with nothing queued, when {@link
   *     ConnectOptions#sendBufferBytes()} are waiting already (a send that the queue refuses closes
   *     nothing: {@code onWritable} says when to try again) or the connection is closing
   */
  public boolean trySendBinary(byte[] data) {
    return trySend(Frame.binary(data));
  }

  /** As {@link #trySendBinary(byte[])}, for a TEXT message. */
  public boolean trySendText(String text) {
    return trySend(Frame.text(text));
  }

  private boolean trySend(Frame frame) {
    if (connection.pendingBytes() + frame.length() > connection.sendBufferBytes()) {
      frame.release();
      return false;
    }
    return connection.trySend(frame);
  }

  /** Sends a PING (payload at most 125 bytes). */
  public CompletableFuture<Void> ping(byte[] payload) {
    return sendFrame(Frame.ping(Unpooled.wrappedBuffer(payload)));
  }

  /** Sends a PONG (payload at most 125 bytes). */
  public CompletableFuture<Void> pong(byte[] payload) {
    return sendFrame(Frame.pong(Unpooled.wrappedBuffer(payload)));
  }

  /**
   * Sends any frame as it is (taken over). The future fails with {@link
   * WebSocketQueueFullException} when the queue is full, or {@link
   * WebSocketConnectionClosedException} when closing or closed.
   */
  public CompletableFuture<Void> sendFrame(Frame frame) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    if (frame.opcode() != Opcode.CLOSE
        && connection.pendingBytes() + frame.length() > connection.sendBufferBytes()) {
      long pending = connection.pendingBytes();
      frame.release();
      result.completeExceptionally(
          new WebSocketQueueFullException(
              "Send queue full: "
                  + pending
                  + " bytes waiting, limit "
                  + connection.sendBufferBytes()));
      return result;
    }
    connection.send(frame, new WritePromise(connection.channel(), result));
    return result;
  }

  /**
   * The promise of one send, which completes the caller's future itself: no listener to add and
   * notify per message (a tenth of the event loop's time for small pipelined messages).
   *
   * <p>It never leaves the library and nothing waits on it or listens to it: a success completes
   * the caller's future alone and marks the promise in a plain field, sparing the promise's own
   * atomic update and monitor for every message. Failures take the ordinary path.
   */
  private static final class WritePromise extends DefaultChannelPromise {
    private final CompletableFuture<Void> result;

    /** Set by the success, on the event loop that wrote the frame. */
    private boolean succeeded;

    WritePromise(Channel channel, CompletableFuture<Void> result) {
      super(channel);
      this.result = result;
    }

    @Override
    public boolean trySuccess(Void value) {
      if (succeeded || super.isDone()) {
        return false;
      }
      succeeded = true;
      result.complete(null);
      return true;
    }

    @Override
    public ChannelPromise setSuccess(Void value) {
      if (!trySuccess(value)) {
        throw new IllegalStateException("complete already: " + this);
      }
      return this;
    }

    @Override
    public boolean tryFailure(Throwable cause) {
      if (!succeeded && super.tryFailure(cause)) {
        result.completeExceptionally(cause);
        return true;
      }
      return false;
    }

    @Override
    public ChannelPromise setFailure(Throwable cause) {
      if (!tryFailure(cause)) {
        throw new IllegalStateException("complete already: " + this, cause);
      }
      return this;
    }

    @Override
    public boolean isDone() {
      return succeeded || super.isDone();
    }

    @Override
    public boolean isSuccess() {
      return succeeded || super.isSuccess();
    }
  }

  /**
   * Starts the close handshake; the future completes when the close frame is written. {@link
   * #closeFuture()} completes when the connection is closed.
   */
  public CompletableFuture<Void> close(int status, String reason) {
    return sendFrame(Frame.close(status, reason));
  }

  /** Closes normally (1000). */
  public CompletableFuture<Void> close() {
    return close(CloseStatus.NORMAL, "");
  }

  /** Completes when TCP is closed and the listener's {@code onClose} has returned. */
  public CompletableFuture<Void> closeFuture() {
    return closed.thenApply(ignored -> null);
  }

  /** Closes TCP at once, without the close handshake. */
  public void abort() {
    connection.abort();
  }

  /**
   * Asks for {@code n} more events (messages, parts, pings, pongs); reading from the socket resumes
   * if it had stopped. Demand adds up; {@code Long.MAX_VALUE} means unbounded.
   */
  public void request(long n) {
    dispatcher.request(n);
  }

  /** Whether a send would be accepted now: the queued bytes are under the limit. */
  public boolean isWritable() {
    return connection.isWritable();
  }

  /** Bytes queued and not yet written to the socket. */
  public long queuedBytes() {
    return connection.pendingBytes();
  }

  /** Whether frames may still be sent. */
  public boolean isOpen() {
    return !connection.isClosing(); // closing covers closed
  }

  /** The subprotocol the server chose, or null. */
  public String subprotocol() {
    return connection.handshake().subprotocol();
  }

  /** {@code "HTTP/2"} for a stream of an HTTP/2 connection (RFC 8441), else {@code "HTTP/1.1"}. */
  public String httpVersion() {
    return Http2Connector.httpVersion(connection.channel());
  }

  /** The handshake response's headers, names in lower case. */
  public Map<String, List<String>> headers() {
    return connection.handshake().headers();
  }

  @Override
  public String toString() {
    return "AsyncWebSocket(" + connection.channel() + ")";
  }

  /**
   * Adapts the dispatcher's events to the user's listener, turning a callback's exception into
   * onError + 1011.
   */
  private static final class ListenerEvents implements AsyncDispatcher.Events {
    private final WebSocketListener listener;
    AsyncWebSocket ws;
    AsyncDispatcher dispatcher;

    ListenerEvents(WebSocketListener listener) {
      this.listener = listener;
    }

    private void guarded(Runnable callback) {
      try {
        callback.run();
      } catch (RuntimeException e) {
        failed(e);
      }
    }

    /** A callback threw: onError, then 1011. */
    private void failed(RuntimeException e) {
      try {
        listener.onError(ws, e);
      } finally {
        dispatcher.internalError();
      }
    }

    @Override
    public void message(Opcode opcode, ByteBuffer data, boolean last, boolean whole) {
      // Guarded inline rather than through guarded(): no lambda per message.
      try {
        if (!whole) {
          listener.onPart(ws, opcode, data, last);
        } else if (opcode == Opcode.TEXT) {
          listener.onText(ws, StandardCharsets.UTF_8.decode(data).toString());
        } else {
          listener.onBinary(ws, data);
        }
      } catch (RuntimeException e) {
        failed(e);
      }
    }

    @Override
    public void control(Opcode opcode, ByteBuffer payload) {
      guarded(
          () -> {
            if (opcode == Opcode.PING) {
              listener.onPing(ws, payload);
            } else {
              listener.onPong(ws, payload);
            }
          });
    }

    @Override
    public void error(Throwable error) {
      listener.onError(
          ws, error instanceof ProtocolViolationException v ? WebSocket.exceptionFor(v) : error);
    }

    @Override
    public void closed(int status, String reason) {
      try {
        listener.onClose(ws, status, reason);
      } finally {
        ws.closed.complete(null);
      }
    }

    @Override
    public void writable() {
      guarded(() -> listener.onWritable(ws));
    }
  }
}
