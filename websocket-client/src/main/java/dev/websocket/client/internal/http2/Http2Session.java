package dev.websocket.client.internal.http2;

import dev.websocket.client.WebSocketConnectionClosedException;
import dev.websocket.client.WebSocketTimeoutException;
import dev.websocket.client.internal.PipelineNames;
import dev.websocket.codec.CloseStatus;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/2 connection that carries WebSockets as streams. It is ready once the server's first
 * SETTINGS have arrived with {@code SETTINGS_ENABLE_CONNECT_PROTOCOL = 1} (RFC 8441 section 3); it
 * then takes streams up to the server's {@code SETTINGS_MAX_CONCURRENT_STREAMS}, stops taking them
 * after a GOAWAY, and closes itself {@link #IDLE_TIMEOUT} after its last stream has closed.
 *
 * <p>Stream accounting is guarded by this object's monitor: reservations come from any thread,
 * releases from the event loop.
 */
final class Http2Session {

  /** How long a connection with no WebSocket left stays open for the next one. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);

  private volatile Channel channel;
  private final Runnable onClosed;
  private final CompletableFuture<Http2Session> ready = new CompletableFuture<>();

  /** The server's GOAWAY in words, once one came. */
  private volatile String goAway;

  /** The open streams; touched on the event loop only. */
  private final Set<Http2StreamChannel> open = new HashSet<>();

  /** Streams reserved or open. */
  private int streams;

  /** The server's SETTINGS_MAX_CONCURRENT_STREAMS; unlimited until it says otherwise. */
  private long maxStreams = Long.MAX_VALUE;

  /** Set by a GOAWAY or the connection's end: no new streams. */
  private boolean draining;

  private ScheduledFuture<?> idleClose;

  /**
   * A session, {@link #attach attached} to its connection once that has connected (before it reads
   * anything); the caller completes the connection's pipeline with {@link #installCodec} once it
   * speaks HTTP/2.
   *
   * @param onClosed run once the connection has closed, to forget it
   */
  Http2Session(Runnable onClosed) {
    this.onClosed = onClosed;
  }

  /**
   * Binds the session to its connection, before any frame can be read on it; fails {@link #ready()}
   * after {@code timeout} if the server's SETTINGS have not come by then.
   */
  void attach(Channel channel, Duration timeout) {
    this.channel = channel;
    ScheduledFuture<?> deadline =
        channel
            .eventLoop()
            .schedule(
                () -> {
                  fail(
                      new WebSocketTimeoutException(
                          "No HTTP/2 SETTINGS from the server within "
                              + timeout.toMillis()
                              + " ms"));
                },
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
    ready.whenComplete((s, e) -> deadline.cancel(false));
    channel
        .closeFuture()
        .addListener(
            f -> {
              synchronized (this) {
                draining = true;
              }
              ready.completeExceptionally(
                  new Http2Unavailable(
                      "The connection closed before the server's HTTP/2 SETTINGS arrived"));
              onClosed.run();
            });
  }

  /** The connection. */
  Channel channel() {
    return channel;
  }

  /** Completes when the server's SETTINGS allow WebSockets; fails with the reason otherwise. */
  CompletableFuture<Http2Session> ready() {
    return ready;
  }

  /** Fails {@link #ready()} and closes the connection, if there is one yet. */
  void fail(Throwable cause) {
    ready.completeExceptionally(cause);
    Channel c = channel;
    if (c != null) {
      c.close();
    } else {
      // The connect failed: no connection will close to forget the session by.
      onClosed.run();
    }
  }

  /**
   * The server chose HTTP/1.1 on this connection: the session leaves the pool at once and fails
   * {@link #ready()} with {@code reason}, whose connection a connect falling back to HTTP/1.1 takes
   * while the failure is reported. If none took it by then, it is closed.
   */
  void handOver(Http2Unavailable reason) {
    synchronized (this) {
      draining = true;
    }
    // The connection stays open, maybe for long, but no longer as an HTTP/2 connection.
    onClosed.run();
    ready.completeExceptionally(reason);
    Channel unused = reason.takeConnection();
    if (unused != null) {
      unused.close();
    }
  }

  /**
   * Adds the HTTP/2 frame codec, the stream multiplexer and the SETTINGS reader at the end of the
   * pipeline.
   */
  void installCodec(ChannelPipeline pipeline) {
    Http2Settings settings = Http2Settings.defaultSettings().pushEnabled(false);
    // Every stream flushes its own writes, each a task of its own outside the connection's reads:
    // one socket write (and TLS record) per stream per batch, unless the flushes of one event-loop
    // turn are joined into one.
    pipeline.addLast(
        PipelineNames.H2_FLUSH,
        new FlushConsolidationHandler(
            FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
    pipeline.addLast(
        PipelineNames.H2_CODEC,
        Http2FrameCodecBuilder.forClient().initialSettings(settings).build());
    // A WebSocket that is not read must not hold the other streams back (see ConnectionWindow).
    pipeline.addLast(new ConnectionWindow());
    pipeline.addLast(
        PipelineNames.H2_MULTIPLEX, new Http2MultiplexHandler(RefusePushedStreams.INSTANCE));
    pipeline.addLast(PipelineNames.H2_SETTINGS, new SettingsReader());
  }

  /**
   * Takes one stream slot, if the connection is ready, not draining and under the server's limit. A
   * slot taken must be given back with {@link #release()} (a stream's close does that).
   */
  synchronized boolean tryReserve() {
    if (!ready.isDone() || ready.isCompletedExceptionally() || draining || streams >= maxStreams) {
      return false;
    }
    streams++;
    if (idleClose != null) {
      idleClose.cancel(false);
      idleClose = null;
    }
    return true;
  }

  /** Gives a slot back; the last one arms the idle close. */
  synchronized void release() {
    streams--;
    if (streams == 0 && channel.isActive()) {
      idleClose =
          channel
              .eventLoop()
              .schedule(this::closeIfIdle, IDLE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void closeIfIdle() {
    synchronized (this) {
      if (streams > 0) {
        return;
      }
      // No reservation may slip in between this check and the close.
      draining = true;
    }
    channel.close();
  }

  /** Whether this connection takes no more streams. */
  synchronized boolean isDraining() {
    Channel c = channel;
    return draining || c == null || !c.isActive();
  }

  /** Whether the connection has closed, or never came to be. */
  boolean isClosed() {
    Channel c = channel;
    return c == null ? ready.isCompletedExceptionally() : c.closeFuture().isDone();
  }

  /** Streams reserved or open. */
  synchronized int streams() {
    return streams;
  }

  /**
   * Opens a stream with a reserved slot; the slot is given back when the stream closes, or at once
   * if it cannot be opened.
   */
  Future<Http2StreamChannel> openStream(ChannelHandler handler, int sendBufferBytes) {
    Future<Http2StreamChannel> opening =
        new Http2StreamChannelBootstrap(channel)
            .option(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(sendBufferBytes / 2, sendBufferBytes))
            .handler(handler)
            .open();
    opening.addListener(
        f -> {
          if (f.isSuccess()) {
            Http2StreamChannel stream = opening.getNow();
            open.add(stream);
            stream
                .closeFuture()
                .addListener(
                    c -> {
                      open.remove(stream);
                      release();
                    });
          } else {
            release();
          }
        });
    return opening;
  }

  private void settings(Http2Settings settings) {
    synchronized (this) {
      Long max = settings.maxConcurrentStreams();
      if (max != null) {
        maxStreams = max;
      }
    }
    if (!ready.isDone()) {
      if (Boolean.TRUE.equals(settings.connectProtocolEnabled())) {
        ready.complete(this);
      } else {
        fail(
            new Http2Unavailable(
                "The server speaks HTTP/2 but does not enable WebSockets over it"
                    + " (no SETTINGS_ENABLE_CONNECT_PROTOCOL = 1, RFC 8441)",
                true));
      }
    }
  }

  /** The server's GOAWAY in words ("GOAWAY NO_ERROR, last stream 5"), or null if none came. */
  String goAway() {
    return goAway;
  }

  private void goAway(Http2GoAwayFrame frame) {
    synchronized (this) {
      draining = true;
    }
    goAway =
        "GOAWAY " + Http2Errors.name(frame.errorCode()) + ", last stream " + frame.lastStreamId();
    // A WebSocket lives as long as its users want: waiting for the server to finish the streams
    // it still takes could be forever, so every open one ends now, with the reason, and the
    // WebSockets that come next get a new connection.
    for (Http2StreamChannel stream : List.copyOf(open)) {
      stream
          .pipeline()
          .fireExceptionCaught(
              new WebSocketConnectionClosedException(
                  "The server is shutting the HTTP/2 connection down (" + goAway + ")",
                  CloseStatus.ABNORMAL_CLOSED,
                  "",
                  null));
      stream.close();
    }
    if (streams() == 0) {
      channel.close();
    }
  }

  /** Reads the connection-level frames the multiplexer passes on: SETTINGS and GOAWAY. */
  private final class SettingsReader extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof Http2SettingsFrame) {
          settings(((Http2SettingsFrame) msg).settings());
        } else if (msg instanceof Http2GoAwayFrame) {
          goAway((Http2GoAwayFrame) msg);
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (!ready.isDone() && cause instanceof Http2Exception) {
        // Before its SETTINGS: the server does not speak HTTP/2 here (an HTTP/1.1 server answers
        // the h2c preface with an error page), or speaks it badly.
        cause =
            new Http2Unavailable(
                "The server did not answer the HTTP/2 connection preface with SETTINGS ("
                    + Http2Errors.name(((Http2Exception) cause).error().code())
                    + ")",
                true);
      }
      fail(cause);
    }
  }

  /** Server push is disabled in our SETTINGS; a stream the server opens anyway is closed. */
  @ChannelHandler.Sharable
  private static final class RefusePushedStreams extends ChannelInboundHandlerAdapter {
    static final RefusePushedStreams INSTANCE = new RefusePushedStreams();

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      ctx.close();
    }
  }
}
