package dev.websocket.client.internal.http2;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.Http2Mode;
import dev.websocket.client.ServerText;
import dev.websocket.client.WebSocketBadStatusException;
import dev.websocket.client.WebSocketException;
import dev.websocket.client.WebSocketTimeoutException;
import dev.websocket.client.internal.Connection;
import dev.websocket.client.internal.HandshakeRequest;
import dev.websocket.client.internal.HandshakeResponse;
import dev.websocket.client.internal.PipelineNames;
import dev.websocket.client.internal.TlsContexts;
import dev.websocket.client.internal.TraceHandlers;
import dev.websocket.client.internal.Tracer;
import dev.websocket.client.internal.Transports;
import dev.websocket.client.internal.WebSocketUrl;
import dev.websocket.proxy.ProxyConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Opens a WebSocket as a stream of a shared HTTP/2 connection (RFC 8441), or says why it cannot:
 * finds or starts the connection for the URL's origin in the {@link Http2Pool}, sends the extended
 * CONNECT on a new stream, and on a 2xx installs the same frame handlers an HTTP/1.1 upgrade gets.
 * With {@link Http2Mode#PREFER} a server that cannot ({@link Http2Unavailable}) is reached over
 * HTTP/1.1 instead.
 *
 * <p>The pipelines of the shared connection and of each stream are listed, in order, in {@link
 * PipelineNames}.
 */
public final class Http2Connector {

  /**
   * What an HTTP/2 connect borrows from the HTTP/1.1 connector: its request, route, transport and
   * frame handlers, so that every option applies to both the same way.
   */
  public interface Transport {
    /**
     * The handshake request the HTTP/1.1 upgrade would send: its headers go into the CONNECT.
     *
     * @throws IllegalArgumentException when a supplied header is not a valid header
     * @throws WebSocketException when the cookie handler fails
     */
    HandshakeRequest request() throws WebSocketException;

    /** The proxy the connection goes through, or null. */
    ProxyConfig proxy();

    /** Extension names the frame handlers can run if the server selects them. */
    List<String> acceptedExtensions();

    /**
     * Connects to the URL's server, through the proxy when one applies, with the connector's group,
     * bootstrap and channel options, racing the addresses of a host name as an HTTP/1.1 connect
     * does (Happy Eyeballs); {@code handlers} go after the proxy's, into the connection that won.
     *
     * @return completes with the connected channel, once it has its handlers and has seen {@code
     *     channelActive}; fails with the reason the connect failed
     * @throws IOException when the proxy's destination cannot be resolved
     */
    Future<Channel> dial(ChannelHandler handlers) throws IOException;

    /**
     * Connects over HTTP/1.1 instead, where {@code PREFER} found HTTP/2 unavailable: on {@code
     * connection} when given (a TLS connection on which ALPN chose http/1.1, now the transport's to
     * use or close), else on a new connection.
     */
    CompletableFuture<Connection> http1(Channel connection);

    /**
     * Follows the redirect the server answered the extended CONNECT with, by the rules and within
     * the limit of the HTTP/1.1 redirects of the same connect: the next URL over HTTP/2 where the
     * options ask for it there, else over HTTP/1.1.
     */
    CompletableFuture<Connection> redirect(HandshakeResponse response);

    /**
     * Installs the frame codec, deflate and protocol handlers around the handshake handler named
     * {@code anchor} (the codec before it, the protocol handler after it), as after a 101.
     */
    Connection upgrade(ChannelPipeline pipeline, String anchor, HandshakeResponse response)
        throws WebSocketException;

    /** The exception a user should see for a failed connect (refused, TLS, proxy...). */
    Throwable translate(Throwable cause);
  }

  private final ConnectOptions options;
  private final Tracer tracer;
  private final Duration connectTimeout;
  private final Http2Pool pool;

  /** A connector for one connect with these options. */
  public Http2Connector(ConnectOptions options, Tracer tracer, Duration connectTimeout) {
    this(options, tracer, connectTimeout, Http2Pool.SHARED);
  }

  Http2Connector(ConnectOptions options, Tracer tracer, Duration connectTimeout, Http2Pool pool) {
    this.options = options;
    this.tracer = tracer;
    this.connectTimeout = connectTimeout;
    this.pool = pool;
  }

  /** {@code "HTTP/2"} for a WebSocket on a stream channel, else {@code "HTTP/1.1"}. */
  public static String httpVersion(Channel channel) {
    return channel instanceof Http2StreamChannel ? "HTTP/2" : "HTTP/1.1";
  }

  /**
   * Whether a connect to {@code url} with {@code options} tries HTTP/2 first: {@code PREFER} on
   * {@code wss://} over TCP, and {@code REQUIRE} always (it fails where HTTP/2 cannot run).
   */
  public static boolean applies(ConnectOptions options, WebSocketUrl url) {
    switch (options.http2()) {
      case REQUIRE:
        return true;
      case PREFER:
        return url.isSecure() && url.unixSocketPath() == null && options.socket() == null;
      default:
        return false;
    }
  }

  /** What the extended CONNECT got: the WebSocket, or a redirect to follow. */
  private record Answer(Connection connection, HandshakeResponse redirect) {}

  /**
   * Connects over HTTP/2; on {@link Http2Mode#PREFER}, a server that cannot carry the WebSocket
   * over HTTP/2 is connected to over {@link Transport#http1} instead: on the same connection when
   * ALPN chose http/1.1 on it. A redirect goes to {@link Transport#redirect}.
   */
  public CompletableFuture<Connection> connect(WebSocketUrl url, Transport transport) {
    CompletableFuture<Connection> result = new CompletableFuture<>();
    connectHttp2(url, transport)
        .whenComplete(
            (answer, failure) -> {
              if (failure == null) {
                if (answer.redirect() != null) {
                  pipe(transport.redirect(answer.redirect()), result);
                } else {
                  result.complete(answer.connection());
                }
                return;
              }
              Throwable cause =
                  failure instanceof CompletionException && failure.getCause() != null
                      ? failure.getCause()
                      : failure;
              if (cause instanceof Http2Unavailable unavailable
                  && options.http2() == Http2Mode.PREFER) {
                // Taken while the failure is reported, or the session closes it.
                Channel probe = unavailable.takeConnection();
                tracer.line(
                    "--- HTTP/2 unavailable ("
                        + cause.getMessage()
                        + (probe != null
                            ? "): continuing over HTTP/1.1 on the same connection ---"
                            : "): connecting over HTTP/1.1 ---"));
                pipe(transport.http1(probe), result);
              } else {
                result.completeExceptionally(cause);
              }
            });
    return result;
  }

  private static void pipe(CompletableFuture<Connection> from, CompletableFuture<Connection> to) {
    from.whenComplete(
        (connection, failure) -> {
          if (failure != null) {
            to.completeExceptionally(failure);
          } else {
            to.complete(connection);
          }
        });
  }

  private CompletableFuture<Answer> connectHttp2(WebSocketUrl url, Transport transport) {
    if (url.unixSocketPath() != null || options.socket() != null) {
      return CompletableFuture.failedFuture(
          new Http2Unavailable(
              "HTTP/2 is required but this client speaks it only over a TCP connection it opens itself,"
                  + " not over a Unix socket or a given socket"));
    }
    HandshakeRequest request;
    try {
      request = transport.request();
    } catch (WebSocketException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    Http2Origin origin = origin(url, transport.proxy());
    if (options.http2() == Http2Mode.PREFER) {
      Http2Unavailable known = pool.knownUnavailable(origin);
      if (known != null) {
        return CompletableFuture.failedFuture(known);
      }
    }
    CompletableFuture<Answer> result = new CompletableFuture<>();
    // On an event loop rather than GlobalEventExecutor: a far deadline scheduled from another
    // thread, and its cancellation, wait there for the loop's next wake-up instead of waking a
    // thread of their own twice per open.
    EventLoopGroup timers =
        options.eventLoopGroup() != null ? options.eventLoopGroup() : Transports.sharedGroup();
    ScheduledFuture<?> deadline =
        timers
            .next()
            .schedule(
                () -> {
                  result.completeExceptionally(
                      new WebSocketTimeoutException(
                          "Opening handshake with "
                              + url.hostHeader()
                              + " over HTTP/2 timed out after "
                              + connectTimeout.toMillis()
                              + " ms"));
                },
                connectTimeout.toNanos(),
                TimeUnit.NANOSECONDS);
    result.whenComplete((c, e) -> deadline.cancel(false));

    pool.acquire(origin, onClosed -> startSession(url, origin, transport, onClosed))
        .whenComplete(
            (session, failure) -> {
              if (failure != null) {
                Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                if (cause instanceof Http2Unavailable && ((Http2Unavailable) cause).lasting()) {
                  pool.rememberUnavailable(origin, (Http2Unavailable) cause);
                }
                result.completeExceptionally(
                    cause instanceof Http2Unavailable
                        ? required(cause)
                        : transport.translate(cause));
                return;
              }
              openStream(session, url, request, transport, result);
            });
    return result;
  }

  /** The reason HTTP/2 cannot be used, worded for a user who required it. */
  private Http2Unavailable required(Throwable cause) {
    return options.http2() == Http2Mode.REQUIRE
        ? new Http2Unavailable("HTTP/2 is required but unavailable: " + cause.getMessage())
        : (Http2Unavailable) cause;
  }

  private Http2Origin origin(WebSocketUrl url, ProxyConfig proxy) {
    Object transport = options.bootstrap() != null ? options.bootstrap() : options.eventLoopGroup();
    return new Http2Origin(
        url.isSecure(),
        url.host().toLowerCase(Locale.ROOT),
        url.port(),
        options.tls(),
        serverName(url),
        proxy,
        transport);
  }

  private String serverName(WebSocketUrl url) {
    return options.tls().serverName() != null ? options.tls().serverName() : url.host();
  }

  /**
   * Starts a connection for {@code origin}: TCP (and proxy) by the transport, then TLS with ALPN or
   * h2c.
   */
  private Http2Session startSession(
      WebSocketUrl url, Http2Origin origin, Transport transport, Runnable onClosed) {
    Http2Session session = new Http2Session(onClosed);
    Future<Channel> connect;
    try {
      connect =
          transport.dial(
              new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) throws Exception {
                  // Before any handler that reads: what they read goes to the session.
                  session.attach(ch, connectTimeout);
                  try {
                    if (url.isSecure()) {
                      ch.pipeline()
                          .addLast(
                              PipelineNames.SSL,
                              TlsContexts.newHandler(
                                  options.tls(), ch.alloc(), url, connectTimeout, true));
                      ch.pipeline().addLast(new AlpnChoice(session));
                    } else {
                      // h2c with prior knowledge (RFC 9113 section 3.3): the preface goes first.
                      session.installCodec(ch.pipeline());
                    }
                  } catch (Exception e) {
                    // Netty only logs what an initializer throws: the session fails with it here.
                    session.fail(e);
                    throw e;
                  }
                }
              });
    } catch (IOException | RuntimeException e) {
      session.fail(e);
      return session;
    }
    connect.addListener(
        f -> {
          if (!f.isSuccess()) {
            session.fail(f.cause());
          }
        });
    return session;
  }

  private void openStream(
      Http2Session session,
      WebSocketUrl url,
      HandshakeRequest request,
      Transport transport,
      CompletableFuture<Answer> result) {
    StreamSetup setup = streamSetup(session, url, request, transport);
    Future<Http2StreamChannel> stream =
        session.openStream(setup.initializer(), options.sendBufferBytes());
    stream.addListener(
        f -> {
          if (!f.isSuccess()) {
            setup.handshake().tryFailure(f.cause());
          }
        });
    answer(setup, () -> stream.isSuccess() ? stream.getNow() : null, transport, result);
  }

  /**
   * Installs a WebSocket's handlers on a stream the caller opened on an HTTP/2 connection of their
   * own ({@code WebSocketHandlers.install}); the extended CONNECT goes out at once when the stream
   * is active. The caller's connection must be one whose server enabled the extended CONNECT.
   *
   * @return completes with the upgraded connection, or fails with the reason; a redirect is not
   *     followed (it fails, naming the location)
   */
  public CompletableFuture<Connection> install(
      Http2StreamChannel stream, WebSocketUrl url, Transport transport) {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    HandshakeRequest request;
    try {
      request = transport.request();
    } catch (WebSocketException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    ScheduledFuture<?> deadline =
        stream
            .eventLoop()
            .schedule(
                () ->
                    answer.completeExceptionally(
                        new WebSocketTimeoutException(
                            "Opening handshake with "
                                + url.hostHeader()
                                + " over HTTP/2 timed out after "
                                + connectTimeout.toMillis()
                                + " ms")),
                connectTimeout.toNanos(),
                TimeUnit.NANOSECONDS);
    answer.whenComplete((a, e) -> deadline.cancel(false));
    StreamSetup setup = streamSetup(null, url, request, transport);
    answer(setup, () -> stream, transport, answer);
    // Added in place (not through an initializer, which would run later on the event loop), so
    // that the application's handlers, added next, come after them.
    setup.addTo(stream.pipeline());
    return answer.thenApply(
        a -> {
          if (a.connection() == null) {
            throw new CompletionException(
                new WebSocketBadStatusException(
                    "The server redirects ("
                        + a.redirect().status()
                        + " to "
                        + ServerText.quote(a.redirect().header("location"))
                        + "); a stream installed by the application follows no redirect",
                    a.redirect().status(),
                    "",
                    a.redirect().headers()));
          }
          return a.connection();
        });
  }

  /** A WebSocket's handlers for one stream, and the handshake they complete. */
  private record StreamSetup(
      Http2StreamAdapter adapter,
      StreamHandshakeHandler handshakeHandler,
      Tracer tracer,
      Promise<HandshakeResponse> handshake,
      Connection[] upgraded) {

    /** Adds the handlers, in order, at the end of the stream's pipeline. */
    void addTo(ChannelPipeline pipeline) {
      pipeline.addLast(PipelineNames.H2_STREAM, adapter);
      if (tracer.enabled()) {
        pipeline.addLast(PipelineNames.TRACE_RAW, new TraceHandlers.Raw(tracer));
      }
      pipeline.addLast(PipelineNames.H2_HANDSHAKE, handshakeHandler);
    }

    /** The handlers for a stream that {@link Http2StreamChannelBootstrap} opens. */
    ChannelInitializer<Channel> initializer() {
      return new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {
          addTo(ch.pipeline());
        }
      };
    }
  }

  private StreamSetup streamSetup(
      Http2Session session, WebSocketUrl url, HandshakeRequest request, Transport transport) {
    Promise<HandshakeResponse> handshake = ImmediateEventExecutor.INSTANCE.newPromise();
    Connection[] upgraded = new Connection[1];
    Http2StreamAdapter adapter = new Http2StreamAdapter(options.closeTimeout(), session);
    StreamHandshakeHandler handshakeHandler =
        new StreamHandshakeHandler(
            request,
            url.isSecure(),
            handshake,
            transport.acceptedExtensions(),
            (pipeline, response) -> {
              upgraded[0] = transport.upgrade(pipeline, PipelineNames.H2_HANDSHAKE, response);
              pipeline.addBefore(
                  PipelineNames.PROTOCOL, PipelineNames.H2_CLOSE_WATCHER, adapter.closeWatcher());
            },
            tracer);
    return new StreamSetup(adapter, handshakeHandler, tracer, handshake, upgraded);
  }

  /** Completes {@code result} with the stream's handshake, giving the stream up if it failed. */
  private static void answer(
      StreamSetup setup,
      java.util.function.Supplier<Channel> stream,
      Transport transport,
      CompletableFuture<Answer> result) {
    Promise<HandshakeResponse> handshake = setup.handshake();
    handshake.addListener(
        f -> {
          if (!f.isSuccess()) {
            Channel channel = stream.get();
            if (channel != null) {
              // Resets the stream, unless the handshake handler already closed it.
              channel.close();
            }
            Throwable cause = f.cause();
            result.completeExceptionally(
                cause instanceof WebSocketException ? cause : transport.translate(cause));
          } else if (setup.upgraded()[0] == null) {
            // A redirect; the handshake handler has closed the stream.
            result.complete(new Answer(null, handshake.getNow()));
          } else if (!result.complete(new Answer(setup.upgraded()[0], null))) {
            // The connect timed out meanwhile: nobody will use this WebSocket.
            setup.upgraded()[0].abort();
          }
        });
    result.whenComplete(
        (c, e) -> {
          if (e != null) {
            // Timed out before the answer: give the stream up.
            handshake.tryFailure(e);
          }
        });
  }

  /** Completes the connection's pipeline for the protocol the server chose by ALPN. */
  private static final class AlpnChoice extends ApplicationProtocolNegotiationHandler {
    private final Http2Session session;

    AlpnChoice(Http2Session session) {
      super(ApplicationProtocolNames.HTTP_1_1);
      this.session = session;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
      if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
        session.installCodec(ctx.pipeline());
      } else {
        // The TLS connection is good for the HTTP/1.1 upgrade: a PREFER connect takes it over
        // rather than paying for a second one.
        session.handOver(
            new Http2Unavailable(
                "The server did not choose h2 by ALPN (it chose " + protocol + ")",
                true,
                ctx.channel()));
      }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
      session.fail(cause);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      session.fail(cause);
    }
  }
}
