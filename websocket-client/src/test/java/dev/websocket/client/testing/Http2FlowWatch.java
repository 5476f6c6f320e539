package dev.websocket.client.testing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.logging.LogLevel;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Watches HTTP/2 flow control from the server's side of one connection of the {@link
 * TestWebSocketServer}'s HTTP/2 variant: the DATA bytes it sent on each stream, the WINDOW_UPDATEs
 * the client granted, and (from Netty's {@link Http2RemoteFlowController}) each stream's send
 * window. It sees every frame as Netty's frame logger, so a test can wait for a state without
 * polling: each frame wakes the waiters.
 */
public final class Http2FlowWatch extends Http2FrameLogger {

  private static final AttributeKey<Http2FlowWatch> KEY = AttributeKey.valueOf("h2-flow-watch");

  /**
   * What the server knows of one stream's flow control at one moment.
   *
   * @param window the stream's send window (Netty's remote flow controller)
   * @param dataWaiting whether written DATA waits for window
   * @param sent DATA bytes sent on the stream (padding included)
   * @param granted the sum of the client's WINDOW_UPDATE increments for the stream
   * @param updates how many WINDOW_UPDATEs the client sent for the stream
   */
  public record StreamFlow(
      int window, boolean dataWaiting, long sent, long granted, long updates) {}

  private final Map<Integer, long[]> streams = new HashMap<>(); // {sent, granted, grants}
  private long frames;
  private long pingAcks;
  private Channel connection;

  Http2FlowWatch() {
    super(LogLevel.TRACE);
  }

  /** The watch of the connection that carries this stream channel. */
  static Http2FlowWatch of(Channel stream) {
    return stream.parent().attr(KEY).get();
  }

  void attach(Channel connection) {
    this.connection = connection;
    connection.attr(KEY).set(this);
  }

  @Override
  public void logData(
      Direction direction,
      ChannelHandlerContext ctx,
      int streamId,
      ByteBuf data,
      int padding,
      boolean endStream) {
    if (direction == Direction.OUTBOUND) {
      synchronized (this) {
        stream(streamId)[0] += data.readableBytes() + padding;
      }
    }
    seen();
  }

  @Override
  public void logWindowsUpdate(
      Direction direction, ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {
    if (direction == Direction.INBOUND) {
      synchronized (this) {
        long[] s = stream(streamId);
        s[1] += windowSizeIncrement;
        s[2]++;
      }
    }
    seen();
  }

  @Override
  public void logPingAck(Direction direction, ChannelHandlerContext ctx, long data) {
    if (direction == Direction.INBOUND) {
      synchronized (this) {
        pingAcks++;
      }
    }
    seen();
  }

  private long[] stream(int id) {
    return streams.computeIfAbsent(id, k -> new long[3]);
  }

  private synchronized void seen() {
    frames++;
    notifyAll();
  }

  /** The flow of this stream now, read on the connection's event loop. */
  public StreamFlow flow(ServerConnection stream) {
    return ServerConnection.await(snapshot(stream.channel()), Duration.ofSeconds(10), "the window");
  }

  /**
   * Waits until the client has stopped granting this stream credit: its send window is 0 with data
   * still waiting, and stays so across two HTTP/2 PING round trips with no WINDOW_UPDATE for the
   * stream (a client that still consumed would have granted by then: its update goes out before, or
   * in the same flush as, its PING ACK). Returns the flow then.
   */
  public StreamFlow awaitStalled(ServerConnection stream, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int quietRoundTrips = 0;
    while (true) {
      StreamFlow before = flow(stream);
      if (before.window() == 0 && before.dataWaiting()) {
        pingAndAwaitAck(deadline);
        StreamFlow after = flow(stream);
        boolean quiet = after.window() == 0 && after.updates() == before.updates();
        quietRoundTrips = quiet ? quietRoundTrips + 1 : 0;
        if (quietRoundTrips == 2) {
          return after;
        }
        continue;
      }
      quietRoundTrips = 0;
      awaitNextFrame(deadline, before);
    }
  }

  private void pingAndAwaitAck(long deadline) throws InterruptedException {
    long acks;
    synchronized (this) {
      acks = pingAcks;
    }
    connection.writeAndFlush(new DefaultHttp2PingFrame(System.nanoTime()));
    synchronized (this) {
      while (pingAcks == acks) {
        waitUntil(deadline, "the client's PING ACK");
      }
    }
  }

  private synchronized void awaitNextFrame(long deadline, StreamFlow state)
      throws InterruptedException {
    long seen = frames;
    while (frames == seen) {
      waitUntil(deadline, "the stream's window to reach 0 for good; last seen " + state);
    }
  }

  private void waitUntil(long deadline, String what) throws InterruptedException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new AssertionError("Timed out waiting for " + what);
    }
    wait(Math.max(1, left / 1_000_000));
  }

  private CompletableFuture<StreamFlow> snapshot(Channel stream) {
    CompletableFuture<StreamFlow> result = new CompletableFuture<>();
    connection
        .eventLoop()
        .execute(
            () -> {
              Http2Connection h2 = connection.pipeline().get(Http2FrameCodec.class).connection();
              int id = streamId(stream);
              Http2Stream s = h2.stream(id);
              Http2RemoteFlowController flow = h2.remote().flowController();
              int window = s == null ? 0 : flow.windowSize(s);
              boolean waiting = s != null && flow.hasFlowControlled(s);
              synchronized (this) {
                long[] counts = stream(id);
                result.complete(new StreamFlow(window, waiting, counts[0], counts[1], counts[2]));
              }
            });
    return result;
  }

  private static int streamId(Channel stream) {
    return ((Http2StreamChannel) stream).stream().id();
  }
}
