package dev.websocket.client.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One accepted connection of a {@link TestWebSocketServer}, for a test to watch and to drive while
 * it is open. Every method may be called from any thread; the work runs on the connection's event
 * loop and the returned future completes when it is done (a write flushed, the socket closed).
 */
public final class ServerConnection {

  private final int id;
  private final Channel channel;
  private final TestServerConfig config;
  private final ServerEvents events;
  private final CompletableFuture<RecordedRequest> requested = new CompletableFuture<>();
  private final CompletableFuture<Void> upgraded = new CompletableFuture<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  // confined to the event loop
  private boolean closeSent;
  private boolean keepTcpAfterClose;
  private FastSender fastSender;

  ServerConnection(int id, Channel channel, TestServerConfig config, ServerEvents events) {
    this.id = id;
    this.channel = channel;
    this.config = config;
    this.events = events;
  }

  /** This connection's index on its server, counting accepted connections from 0. */
  public int id() {
    return id;
  }

  /** The client's address (a TCP address, or a Unix socket address). */
  public SocketAddress remoteAddress() {
    return channel.remoteAddress();
  }

  /** Completes with the handshake request once it has been read. */
  public CompletableFuture<RecordedRequest> request() {
    return requested;
  }

  /** Completes when a 101 has been written and the connection speaks WebSocket. */
  public CompletableFuture<Void> upgraded() {
    return upgraded;
  }

  /** Completes when the TCP (or Unix) connection has closed, whichever side closed it. */
  public CompletableFuture<Void> closed() {
    return closed;
  }

  /**
   * Whether the connection is still open; on HTTP/2, whether the stream is and the server has not
   * ended its half (its FIN).
   */
  public boolean isOpen() {
    return channel.isActive() && !StreamBytes.ended(channel);
  }

  /** Waits until the connection has closed; fails the test after the timeout. */
  public void awaitClosed(Duration timeout) {
    await(closed, timeout, "connection " + id + " to close");
  }

  /**
   * The flow-control view of the HTTP/2 connection that carries this stream ({@link
   * TestServerConfig.Builder#http2()} only).
   */
  public Http2FlowWatch http2Flow() {
    if (!(channel instanceof Http2StreamChannel)) {
      throw new IllegalStateException("Not an HTTP/2 stream: " + this);
    }
    return Http2FlowWatch.of(channel);
  }

  /** Whether this stream and {@code other} are carried by the same HTTP/2 connection. */
  public boolean sameHttp2Connection(ServerConnection other) {
    return channel.parent() != null && channel.parent() == other.channel.parent();
  }

  Channel channel() {
    return channel;
  }

  /** The frames received on this connection so far. */
  public List<RecordedFrame> frames() {
    return events.frames.snapshot().stream().filter(f -> f.connection() == id).toList();
  }

  /** Waits until this connection has received at least {@code count} frames; returns them. */
  public List<RecordedFrame> awaitFrames(int count, Duration timeout) {
    return events.frames.awaitMatching(count, f -> f.connection() == id, timeout);
  }

  /** Writes these bytes exactly. */
  public CompletableFuture<Void> sendRaw(byte[] bytes) {
    byte[] copy = bytes.clone();
    return write(() -> Unpooled.wrappedBuffer(copy));
  }

  /** Sends a final text frame. */
  public CompletableFuture<Void> sendText(String text) {
    return sendFrame(true, 0, RawFrames.TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a final binary frame. */
  public CompletableFuture<Void> sendBinary(byte[] payload) {
    return sendFrame(true, 0, RawFrames.BINARY, payload);
  }

  /** Sends a ping. */
  public CompletableFuture<Void> sendPing(byte[] payload) {
    return sendFrame(true, 0, RawFrames.PING, payload);
  }

  /** Sends an unsolicited pong. */
  public CompletableFuture<Void> sendPong(byte[] payload) {
    return sendFrame(true, 0, RawFrames.PONG, payload);
  }

  /**
   * Sends one frame through Netty's encoder. The opcode must be one RFC 6455 defines and a control
   * payload at most 125 bytes; anything else needs {@link #sendRaw(byte[])} and {@link RawFrames}.
   */
  public CompletableFuture<Void> sendFrame(boolean fin, int rsv, int opcode, byte[] payload) {
    byte[] copy = payload.clone();
    if (opcode > 2
        && opcode != RawFrames.CLOSE
        && opcode != RawFrames.PING
        && opcode != RawFrames.PONG) {
      throw new IllegalArgumentException(
          "Netty cannot encode opcode " + opcode + "; send it with sendRaw and RawFrames");
    }
    return write(() -> frame(fin, rsv, opcode, Unpooled.wrappedBuffer(copy)));
  }

  /**
   * Starts the closing handshake: a close frame with this code (written as given, valid or not) and
   * reason; TCP is closed when the client's close frame arrives.
   */
  public CompletableFuture<Void> close(int code, String reason) {
    return sendClose(code, reason, false);
  }

  /** Sends a close frame and never closes TCP, even after the client answers. */
  public CompletableFuture<Void> sendCloseFrameKeepTcpOpen(int code, String reason) {
    return sendClose(code, reason, true);
  }

  /** Closes TCP without a close frame. */
  public CompletableFuture<Void> closeTcp() {
    return onLoop(() -> toFuture(channel.close()));
  }

  /**
   * Resets the connection: SO_LINGER 0 makes the close send RST (a plain close on Unix sockets).
   */
  public CompletableFuture<Void> reset() {
    return onLoop(
        () -> {
          if (channel instanceof SocketChannel && channel.isActive()) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
          }
          return toFuture(channel.close());
        });
  }

  /** Stops reading from the socket, so the client's writes back up into its own buffers. */
  public CompletableFuture<Void> pauseReading() {
    return onLoop(
        () -> {
          channel.config().setAutoRead(false);
          return CompletableFuture.completedFuture(null);
        });
  }

  /** Reads again after {@link #pauseReading()}. */
  public CompletableFuture<Void> resumeReading() {
    return onLoop(
        () -> {
          channel.config().setAutoRead(true);
          return CompletableFuture.completedFuture(null);
        });
  }

  /**
   * Sends {@code count} binary messages of {@code size} bytes as fast as the client reads them (see
   * {@link FastSender}); completes with {@code count} when the last one has been written.
   */
  public CompletableFuture<Integer> fastSend(int count, int size) {
    return onLoop(
        () -> {
          fastSender = new FastSender(channel, count, size);
          fastSender.pump();
          return fastSender.done();
        });
  }

  // ---- called by the connection's handlers, on the event loop ----

  ServerEvents events() {
    return events;
  }

  void requestReceived(RecordedRequest request) {
    events.requests.add(request);
    requested.complete(request);
  }

  void frameReceived(RecordedFrame frame) {
    events.frames.add(frame);
  }

  void serverError(Throwable cause) {
    events.errors.add(cause);
  }

  void upgradeDone() {
    upgraded.complete(null);
    if (config.pauseReadingAfterHandshake) {
      channel.config().setAutoRead(false);
    }
    CompletableFuture<?> step = CompletableFuture.completedFuture(null);
    for (ServerAction action : config.afterHandshake) {
      step = step.thenCompose(ignored -> action.run(this));
    }
    step.whenComplete(
        (ignored, failure) -> {
          if (failure != null) {
            serverError(failure);
          }
        });
  }

  void clientClosed(CloseWebSocketFrame close) {
    if (closeSent) {
      // the client answered our close: the handshake is complete
      close.release();
      if (!keepTcpAfterClose) {
        channel.close();
      }
      return;
    }
    switch (config.clientCloseReply) {
      case ECHO_AND_DISCONNECT -> {
        closeSent = true;
        channel
            .writeAndFlush(new CloseWebSocketFrame(true, 0, close.content()))
            .addListener(ChannelFutureListener.CLOSE);
      }
      case ECHO_KEEP_OPEN -> {
        closeSent = true;
        keepTcpAfterClose = true;
        channel.writeAndFlush(new CloseWebSocketFrame(true, 0, close.content()));
      }
      case DISCONNECT -> {
        close.release();
        channel.close();
      }
      case IGNORE -> close.release();
    }
  }

  void channelClosed() {
    closed.complete(null);
    if (fastSender != null) {
      fastSender.pump();
    }
  }

  void writabilityChanged() {
    if (fastSender != null) {
      fastSender.pump();
    }
  }

  // ---- helpers ----

  private CompletableFuture<Void> sendClose(int code, String reason, boolean keepTcp) {
    byte[] payload = RawFrames.closePayload(code, reason);
    return onLoop(
        () -> {
          closeSent = true;
          keepTcpAfterClose = keepTcp;
          return toFuture(
              channel.writeAndFlush(
                  new CloseWebSocketFrame(true, 0, Unpooled.wrappedBuffer(payload))));
        });
  }

  private static WebSocketFrame frame(boolean fin, int rsv, int opcode, ByteBuf payload) {
    return switch (opcode) {
      case RawFrames.CONTINUATION -> new ContinuationWebSocketFrame(fin, rsv, payload);
      case RawFrames.TEXT -> new TextWebSocketFrame(fin, rsv, payload);
      case RawFrames.BINARY -> new BinaryWebSocketFrame(fin, rsv, payload);
      case RawFrames.CLOSE -> new CloseWebSocketFrame(fin, rsv, payload);
      case RawFrames.PING -> new PingWebSocketFrame(fin, rsv, payload);
      default -> new PongWebSocketFrame(fin, rsv, payload);
    };
  }

  /** The message is made on the event loop, so nothing is allocated if the task never runs. */
  private CompletableFuture<Void> write(Supplier<Object> message) {
    return onLoop(() -> toFuture(channel.writeAndFlush(message.get())));
  }

  private <T> CompletableFuture<T> onLoop(Supplier<CompletableFuture<T>> task) {
    if (channel.eventLoop().inEventLoop()) {
      return task.get();
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      channel
          .eventLoop()
          .execute(
              () ->
                  task.get()
                      .whenComplete(
                          (value, failure) -> {
                            if (failure != null) {
                              result.completeExceptionally(failure);
                            } else {
                              result.complete(value);
                            }
                          }));
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  private static CompletableFuture<Void> toFuture(ChannelFuture future) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    future.addListener(
        f -> {
          if (f.isSuccess()) {
            result.complete(null);
          } else {
            result.completeExceptionally(f.cause());
          }
        });
    return result;
  }

  static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + what);
    } catch (ExecutionException e) {
      throw new AssertionError("Failed waiting for " + what, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted waiting for " + what, e);
    }
  }

  @Override
  public String toString() {
    return "ServerConnection{" + id + " " + channel.remoteAddress() + "}";
  }
}
