package dev.websocket.client.internal;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.ServerText;
import dev.websocket.client.WebSocketConnectionClosedException;
import dev.websocket.client.WebSocketException;
import dev.websocket.client.WebSocketTimeoutException;
import dev.websocket.client.WebSocketTlsException;
import dev.websocket.client.internal.http2.Http2Connector;
import dev.websocket.proxy.ProxyConfig;
import dev.websocket.proxy.ProxyHandlers;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Opens a WebSocket connection, shared by every front door: each attempt takes a route ({@link
 * ConnectRoute}), opens a channel ({@link ChannelOpener}), runs the {@link OpeningHandshake} under
 * one deadline, and follows redirects; failures reach the caller through {@link ConnectFailures}. A
 * WebSocket over HTTP/2 goes to {@link Http2Connector}, with the same route, opener, request and
 * upgraded pipeline.
 */
public final class Connector {

  private final ConnectOptions options;
  private final Tracer tracer;
  private final Duration connectTimeout;
  private final UpgradedPipeline upgraded;
  private final HandshakeCookies cookies;
  private final HandshakeRequests requests;
  private final ChannelOpener opener;

  /**
   * A connector.
   *
   * @param connectTimeout the limit for each attempt's TCP connect, proxy, TLS and handshake
   * @param listenerFactory called once, on the event loop, for the connection that is finally
   *     upgraded, before any frame is read
   */
  public Connector(
      ConnectOptions options,
      Tracer tracer,
      Duration connectTimeout,
      Function<Connection, ConnectionListener> listenerFactory) {
    this.options = options;
    this.tracer = tracer.masking(options.sensitiveHeaders());
    this.connectTimeout = connectTimeout;
    this.upgraded = new UpgradedPipeline(options, this.tracer, listenerFactory);
    this.cookies = HandshakeCookies.of(options.cookieHandler());
    this.requests = new HandshakeRequests(options, upgraded.extensionOffer(), cookies);
    this.opener = new ChannelOpener(options, connectTimeout, this.tracer);
  }

  /**
   * Connects, following redirects; the future fails with a {@link IOException} naming what went
   * wrong.
   */
  public CompletableFuture<Connection> connect(WebSocketUrl url) {
    CompletableFuture<Connection> result = new CompletableFuture<>();
    connect(url, new Redirects(url, options.redirectLimit()), url, result);
    return result;
  }

  /**
   * Connects to {@code url}, one of the URLs of a connect that started at {@code first}: over
   * HTTP/2 when the options ask for it there, else with an HTTP/1.1 {@link #attempt}.
   */
  private void connect(
      WebSocketUrl url,
      Redirects redirects,
      WebSocketUrl first,
      CompletableFuture<Connection> result) {
    if (!Http2Connector.applies(options, url)) {
      attempt(url, redirects, first, result);
      return;
    }
    ProxyConfig proxy;
    try {
      checkTls(url);
      proxy =
          url.unixSocketPath() != null || options.socket() != null
              ? null
              : ConnectRoute.proxyFor(options, url);
    } catch (WebSocketTlsException | RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    new Http2Connector(options, tracer, connectTimeout)
        .connect(url, http2Transport(url, proxy, redirects, first))
        .whenComplete(
            (connection, failure) -> {
              if (failure != null) {
                result.completeExceptionally(failure);
              } else {
                result.complete(connection);
              }
            });
  }

  /**
   * What a WebSocket over HTTP/2 (RFC 8441) borrows from this connector: the route, the channel
   * opener, the request and the upgraded pipeline, so every option applies to it the same way.
   */
  private Http2Connector.Transport http2Transport(
      WebSocketUrl url, ProxyConfig proxy, Redirects redirects, WebSocketUrl first) {
    return new Http2Connector.Transport() {
      @Override
      public HandshakeRequest request() throws WebSocketException {
        return requests.forAttempt(url, first, redirects.sameOriginAsFirst(url));
      }

      @Override
      public CompletableFuture<Connection> redirect(HandshakeResponse response) {
        CompletableFuture<Connection> next = new CompletableFuture<>();
        try {
          cookies.store(url, response.headers());
        } catch (WebSocketException e) {
          next.completeExceptionally(e);
          return next;
        }
        Connector.this.redirect(url, response, redirects, first, next);
        return next;
      }

      @Override
      public CompletableFuture<Connection> http1(Channel connection) {
        CompletableFuture<Connection> next = new CompletableFuture<>();
        // Off the event loop: an attempt may resolve a SOCKS destination, which blocks, and asks
        // the cookie jar, which may.
        GlobalEventExecutor.INSTANCE.execute(
            () -> {
              if (connection != null) {
                attemptOn(connection, url, proxy, redirects, first, next);
              } else {
                attempt(url, redirects, first, next);
              }
            });
        return next;
      }

      @Override
      public ProxyConfig proxy() {
        return proxy;
      }

      @Override
      public List<String> acceptedExtensions() {
        return upgraded.acceptedExtensions();
      }

      @Override
      public Future<Channel> dial(ChannelHandler handlers) throws IOException {
        ConnectRoute route = ConnectRoute.to(url, proxy);
        return opener
            .openRacing(
                url,
                route,
                false,
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    // A raced connect has put a proxy handler for the address that won in already.
                    if (route.proxy() != null && ch.pipeline().get(PipelineNames.PROXY) == null) {
                      ch.pipeline()
                          .addLast(PipelineNames.PROXY, ProxyHandlers.newHandler(route.proxy()));
                    }
                    ch.pipeline().addLast(handlers);
                  }
                })
            .channel();
      }

      @Override
      public Connection upgrade(ChannelPipeline pipeline, String anchor, HandshakeResponse response)
          throws WebSocketException {
        cookies.store(url, response.headers());
        return upgraded.install(pipeline, anchor, response);
      }

      @Override
      public Throwable translate(Throwable cause) {
        return ConnectFailures.translate(cause, url, proxy, options.tls());
      }
    };
  }

  private void attempt(
      WebSocketUrl url,
      Redirects redirects,
      WebSocketUrl first,
      CompletableFuture<Connection> result) {
    boolean givenSocket = givenSocket(url, first);
    ProxyConfig proxy = null;
    ConnectRoute route;
    OpeningHandshake handshake;
    try {
      handshake = openingHandshake(url, redirects, first);
      checkTls(url);
      proxy =
          url.unixSocketPath() != null || givenSocket ? null : ConnectRoute.proxyFor(options, url);
      route = ConnectRoute.to(url, proxy);
    } catch (IOException e) {
      // A SOCKS4 or SOCKS5 destination is resolved here, and may not resolve.
      result.completeExceptionally(ConnectFailures.translate(e, url, proxy, options.tls()));
      return;
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    ChannelOpener.Opening connect =
        opener.openRacing(
            url,
            route,
            givenSocket,
            new ChannelInitializer<>() {
              @Override
              protected void initChannel(Channel ch) throws IOException {
                try {
                  // A raced connect has put a proxy handler for the address that won in already.
                  if (route.proxy() != null && ch.pipeline().get(PipelineNames.PROXY) == null) {
                    ch.pipeline()
                        .addLast(PipelineNames.PROXY, ProxyHandlers.newHandler(route.proxy()));
                  }
                  handshake.install(ch.pipeline(), url, options.tls(), connectTimeout);
                } catch (IOException | RuntimeException e) {
                  // Netty only logs what an initializer throws: the attempt fails with it here.
                  handshake.response().tryFailure(e);
                  throw e;
                }
              }
            });
    await(url, redirects, first, handshake, connect, route.proxy(), result);
  }

  /** The opening handshake of one attempt at {@code url}. */
  private OpeningHandshake openingHandshake(
      WebSocketUrl url, Redirects redirects, WebSocketUrl first) throws IOException {
    // Completed on the channel's event loop, and its listeners run right there: a promise of
    // group.next() could belong to another loop, and every connect would then hop between threads.
    return new OpeningHandshake(
        requests.forAttempt(url, first, redirects.sameOriginAsFirst(url)),
        upgraded,
        tracer,
        ImmediateEventExecutor.INSTANCE.newPromise());
  }

  /**
   * An attempt on a connection that is open already: a TLS connection to {@code url}'s server on
   * which ALPN chose http/1.1 when an HTTP/2 connect asked. The HTTP/1.1 handshake goes after its
   * TLS handler, as on a new connection.
   */
  private void attemptOn(
      Channel channel,
      WebSocketUrl url,
      ProxyConfig proxy,
      Redirects redirects,
      WebSocketUrl first,
      CompletableFuture<Connection> result) {
    OpeningHandshake handshake;
    try {
      handshake = openingHandshake(url, redirects, first);
    } catch (IOException | RuntimeException e) {
      channel.close();
      result.completeExceptionally(e);
      return;
    }
    // Closed before the handshake's handlers came in, the connection would never tell them.
    channel
        .closeFuture()
        .addListener(
            f ->
                handshake
                    .response()
                    .tryFailure(
                        new WebSocketConnectionClosedException(
                            "Connection closed by the server during the opening handshake")));
    channel.eventLoop().execute(() -> handshake.installOverTls(channel.pipeline()));
    await(url, redirects, first, handshake, ChannelOpener.Opening.of(channel), proxy, result);
  }

  /** Waits for an attempt's handshake under the connect timeout, then follows its outcome. */
  private void await(
      WebSocketUrl url,
      Redirects redirects,
      WebSocketUrl first,
      OpeningHandshake handshake,
      ChannelOpener.Opening connect,
      ProxyConfig proxy,
      CompletableFuture<Connection> result) {
    Promise<HandshakeResponse> response = handshake.response();
    ScheduledFuture<?> deadline =
        connect
            .eventLoop()
            .schedule(
                () -> {
                  if (response.tryFailure(
                      new WebSocketTimeoutException(
                          "Opening handshake with "
                              + describe(url)
                              + " timed out after "
                              + connectTimeout.toMillis()
                              + " ms"))) {
                    connect.close();
                  }
                },
                connectTimeout.toNanos(),
                TimeUnit.NANOSECONDS);
    connect
        .channel()
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                response.tryFailure(f.cause());
              }
            });
    response.addListener(
        f -> {
          deadline.cancel(false);
          if (!f.isSuccess()) {
            connect.close();
            result.completeExceptionally(
                ConnectFailures.translate(f.cause(), url, proxy, options.tls()));
            return;
          }
          if (!storeCookies(url, handshake, connect::close, result)) {
            return;
          }
          if (response.getNow().status() == 101) {
            result.complete(handshake.connection());
            return;
          }
          redirect(url, response.getNow(), redirects, first, result);
        });
  }

  /**
   * Stores the cookies of the response the handshake got; when the jar fails, fails the attempt (an
   * upgraded connection is dropped before anyone saw it) and returns false.
   */
  private boolean storeCookies(
      WebSocketUrl url,
      OpeningHandshake handshake,
      Runnable closeChannel,
      CompletableFuture<Connection> result) {
    try {
      cookies.store(url, handshake.response().getNow().headers());
      return true;
    } catch (WebSocketException e) {
      if (handshake.connection() != null) {
        handshake.connection().abort();
      } else {
        closeChannel.run();
      }
      result.completeExceptionally(e);
      return false;
    }
  }

  private void redirect(
      WebSocketUrl url,
      HandshakeResponse response,
      Redirects redirects,
      WebSocketUrl first,
      CompletableFuture<Connection> result) {
    try {
      WebSocketUrl next = redirects.follow(url, response.status(), response.header("location"));
      tracer.line("--- redirect " + response.status() + " to " + next + " ---");
      // Off the event loop: the next attempt may resolve a SOCKS destination, which blocks. The
      // next URL gets what any URL would: HTTP/2 where the options ask for it there.
      GlobalEventExecutor.INSTANCE.execute(() -> connect(next, redirects, first, result));
    } catch (WebSocketException e) {
      result.completeExceptionally(e);
    }
  }

  /**
   * Builds the TLS context of a wss URL now, so that a setting that cannot be used fails the
   * connect with its reason rather than inside the channel's initializer, where Netty would only
   * log it.
   */
  private void checkTls(WebSocketUrl url) throws WebSocketTlsException {
    if (url.isSecure()) {
      TlsContexts.forOptions(options.tls());
    }
  }

  /**
   * Whether this attempt speaks over the socket the user handed in: only the first; a redirect
   * connects anew.
   */
  private boolean givenSocket(WebSocketUrl url, WebSocketUrl first) {
    return options.socket() != null && url == first;
  }

  /**
   * Installs the client handlers on an HTTP/2 stream the caller opened on a connection of its own
   * (RFC 8441): the extended CONNECT, then the frame codec and the protocol handler. No redirect is
   * followed.
   *
   * @return completes with the upgraded connection, or fails with the reason
   */
  public CompletableFuture<Connection> install(Http2StreamChannel stream, WebSocketUrl url) {
    return new Http2Connector(options, tracer, connectTimeout)
        .install(stream, url, http2Transport(url, null, new Redirects(url, 0), url));
  }

  /**
   * Installs the client handlers into a channel the caller created and connects: TLS for wss, the
   * opening handshake, then (after the 101) the frame codec and the protocol handler. No redirect
   * is followed and no proxy is added: the caller's pipeline owns the transport.
   *
   * @return completes with the upgraded connection, or fails with the reason
   */
  public CompletableFuture<Connection> install(Channel channel, WebSocketUrl url) {
    CompletableFuture<Connection> result = new CompletableFuture<>();
    OpeningHandshake handshake;
    try {
      handshake =
          new OpeningHandshake(
              requests.forAttempt(url, url, true),
              upgraded,
              tracer,
              channel.eventLoop().newPromise());
      checkTls(url);
      handshake.install(channel.pipeline(), url, options.tls(), connectTimeout);
    } catch (IOException | RuntimeException e) {
      result.completeExceptionally(e);
      return result;
    }
    Promise<HandshakeResponse> response = handshake.response();
    response.addListener(
        f -> {
          if (!f.isSuccess()) {
            result.completeExceptionally(
                ConnectFailures.translate(f.cause(), url, null, options.tls()));
            return;
          }
          if (!storeCookies(url, handshake, channel::close, result)) {
            return;
          }
          if (response.getNow().status() != 101) {
            result.completeExceptionally(
                new WebSocketException(
                    "Server answered with a redirect ("
                        + response.getNow().status()
                        + " to "
                        + ServerText.quote(
                            WebSocketUrl.redact(response.getNow().header("location")))
                        + "), which an installed pipeline does not follow"));
          } else {
            result.complete(handshake.connection());
          }
        });
    return result;
  }

  private static String describe(WebSocketUrl url) {
    return url.unixSocketPath() != null ? url.unixSocketPath() : url.hostHeader();
  }
}
