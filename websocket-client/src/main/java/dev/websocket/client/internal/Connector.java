package dev.websocket.client.internal;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.WebSocketAddressException;
import dev.websocket.client.WebSocketException;
import dev.websocket.client.WebSocketProxyException;
import dev.websocket.client.WebSocketTimeoutException;
import dev.websocket.codec.FrameDecoder;
import dev.websocket.codec.FrameEncoder;
import dev.websocket.codec.Frame;
import dev.websocket.codec.FrameDecoderConfig;
import dev.websocket.codec.MaskKeySource;
import dev.websocket.codec.ProtocolViolationException;
import dev.websocket.codec.deflate.DeflateParameters;
import dev.websocket.codec.deflate.PerMessageDeflateConfig;
import dev.websocket.codec.deflate.PerMessageDeflateDecoder;
import dev.websocket.codec.deflate.PerMessageDeflateEncoder;
import dev.websocket.codec.deflate.PerMessageDeflateNegotiator;
import dev.websocket.client.WebSocketProtocolException;
import dev.websocket.proxy.ProxyConfig;
import dev.websocket.proxy.ProxyException;
import dev.websocket.proxy.ProxyHandlers;
import dev.websocket.proxy.ProxyResolver;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Opens a WebSocket connection: TCP (or a Unix socket, or the user's socket), the proxy tunnel, TLS,
 * the opening handshake and its redirects, then the upgraded pipeline. Shared by every front door.
 */
public final class Connector {

  /** Name of the TLS handler in the pipeline. */
  public static final String SSL = "ws-ssl";

  private final ConnectOptions options;
  private final Tracer tracer;
  private final Duration connectTimeout;
  private final Function<Connection, ConnectionListener> listenerFactory;
  private final PerMessageDeflateNegotiator deflate;

  /**
   * A connector.
   *
   * @param connectTimeout the limit for each attempt's TCP connect, proxy, TLS and handshake
   * @param listenerFactory called once, on the event loop, for the connection that is finally
   *     upgraded, before any frame is read
   */
  public Connector(ConnectOptions options, Tracer tracer, Duration connectTimeout,
      Function<Connection, ConnectionListener> listenerFactory) {
    this.options = options;
    this.tracer = tracer;
    this.connectTimeout = connectTimeout;
    this.listenerFactory = listenerFactory;
    this.deflate = new PerMessageDeflateNegotiator(
        options.compression() ? PerMessageDeflateConfig.DEFAULT : PerMessageDeflateConfig.DISABLED);
  }

  /** Connects, following redirects; the future fails with a {@link IOException} naming what went wrong. */
  public CompletableFuture<Connection> connect(WebSocketUrl url) {
    CompletableFuture<Connection> result = new CompletableFuture<>();
    attempt(url, new Redirects(url, options.redirectLimit()), url, result);
    return result;
  }

  private void attempt(WebSocketUrl url, Redirects redirects, WebSocketUrl first, CompletableFuture<Connection> result) {
    HandshakeRequest request;
    try {
      request = request(url, first, redirects.sameOriginAsFirst(url));
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    EventLoopGroup group = group();
    // Completed on the channel's event loop, and its listeners run right there: a promise of
    // group.next() could belong to another loop, and every connect would then hop between threads.
    Promise<HandshakeResponse> handshake = ImmediateEventExecutor.INSTANCE.newPromise();
    Connection[] upgraded = new Connection[1];
    HandshakeHandler.Upgrade upgrade = (pipeline, response) -> upgraded[0] = installFrameHandlers(pipeline, response);
    List<String> extensions = options.compression() ? List.of(PerMessageDeflateConfig.EXTENSION_NAME) : List.of();
    HandshakeHandler handshakeHandler = new HandshakeHandler(request, handshake, extensions, upgrade, tracer);

    ProxyConfig proxy;
    SocketAddress remote;
    try {
      proxy = url.unixSocketPath() != null || givenSocket(url, first) ? null : proxyFor(url);
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    try {
      remote = remoteAddress(url, proxy);
    } catch (IOException e) {
      // A SOCKS4 or SOCKS5 destination is resolved here, and may not resolve.
      result.completeExceptionally(translate(e, url, proxy));
      return;
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    ChannelInitializer<Channel> initializer = new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) throws Exception {
        if (proxy != null) {
          ch.pipeline().addLast(ProxyHandlers.HANDLER_NAME, ProxyHandlers.newHandler(proxy));
        }
        installHandshake(ch.pipeline(), url, handshakeHandler);
      }
    };

    ChannelFuture connect = givenSocket(url, first)
        ? registerGivenSocket(initializer)
        : bootstrap(url, group, proxy, initializer).connect(remote);
    Channel channel = connect.channel();
    ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> {
      if (handshake.tryFailure(new WebSocketTimeoutException(
          "Opening handshake with " + describe(url) + " timed out after " + connectTimeout.toMillis() + " ms"))) {
        channel.close();
      }
    }, connectTimeout.toNanos(), TimeUnit.NANOSECONDS);
    connect.addListener(f -> {
      if (!f.isSuccess()) {
        handshake.tryFailure(f.cause());
      }
    });
    handshake.addListener(f -> {
      deadline.cancel(false);
      if (!f.isSuccess()) {
        channel.close();
        result.completeExceptionally(translate(f.cause(), url, proxy));
        return;
      }
      HandshakeResponse response = handshake.getNow();
      if (response.status() == 101) {
        result.complete(upgraded[0]);
        return;
      }
      try {
        WebSocketUrl next = redirects.follow(url, response.status(), response.header("location"));
        tracer.line("--- redirect " + response.status() + " to " + next + " ---");
        // Off the event loop: the next attempt may resolve a SOCKS destination, which blocks.
        GlobalEventExecutor.INSTANCE.execute(() -> attempt(next, redirects, first, result));
      } catch (WebSocketException e) {
        result.completeExceptionally(e);
      }
    });
  }

  /** Whether this attempt speaks over the socket the user handed in: only the first; a redirect connects anew. */
  private boolean givenSocket(WebSocketUrl url, WebSocketUrl first) {
    return options.socket() != null && url == first;
  }

  private ChannelFuture registerGivenSocket(ChannelInitializer<Channel> initializer) {
    NioSocketChannel channel = new NioSocketChannel(options.socket());
    channelOptions(false).forEach(channel.config()::setOption);
    channel.pipeline().addLast(initializer);
    // The user's group when it can run a NIO channel, else the shared NIO group.
    EventLoopGroup user = options.eventLoopGroup();
    return (user != null && Transports.socketChannel(user) == NioSocketChannel.class ? user : Transports.sharedNioGroup())
        .register(channel);
  }

  /** The user's bootstrap (its group, channel type and options) or a new one; the handler is always the client's. */
  private Bootstrap bootstrap(WebSocketUrl url, EventLoopGroup group, ProxyConfig proxy, ChannelInitializer<Channel> initializer) {
    Bootstrap bootstrap;
    if (options.bootstrap() != null) {
      bootstrap = options.bootstrap().clone();
      if (bootstrap.config().group() == null) {
        bootstrap.group(group);
      }
      if (bootstrap.config().channelFactory() == null) {
        bootstrap.channel(url.unixSocketPath() != null
            ? Transports.domainSocketChannel(bootstrap.config().group())
            : Transports.socketChannel(bootstrap.config().group()));
      }
    } else {
      bootstrap = new Bootstrap()
          .group(group)
          .channel(url.unixSocketPath() != null ? Transports.domainSocketChannel(group) : Transports.socketChannel(group));
      channelOptions(url.unixSocketPath() != null).forEach(bootstrap::option);
    }
    bootstrap.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
        .handler(initializer);
    if (proxy != null) {
      bootstrap.resolver(NoopAddressResolverGroup.INSTANCE);
    }
    return bootstrap;
  }

  /** TLS for wss, the raw trace tap, then the HTTP handlers and the handshake handler. */
  private void installHandshake(ChannelPipeline p, WebSocketUrl url, HandshakeHandler handshakeHandler) throws IOException {
    if (url.isSecure()) {
      String serverName = options.tls().serverName() != null ? options.tls().serverName() : url.host();
      SslHandler ssl = TlsContexts.forOptions(options.tls()).newHandler(p.channel().alloc(), serverName, url.port());
      ssl.setHandshakeTimeoutMillis(connectTimeout.toMillis());
      p.addLast(SSL, ssl);
    }
    if (tracer.enabled()) {
      p.addLast(TraceHandlers.RAW, new TraceHandlers.Raw(tracer));
    }
    HandshakeHandler.install(p, handshakeHandler);
  }

  /**
   * Installs the client handlers into a channel the caller created and connects: TLS for wss, the
   * opening handshake, then (after the 101) the frame codec and the protocol handler. No redirect is
   * followed and no proxy is added: the caller's pipeline owns the transport.
   *
   * @return completes with the upgraded connection, or fails with the reason
   */
  public CompletableFuture<Connection> install(Channel channel, WebSocketUrl url) {
    CompletableFuture<Connection> result = new CompletableFuture<>();
    Promise<HandshakeResponse> handshake = channel.eventLoop().newPromise();
    Connection[] upgraded = new Connection[1];
    HandshakeHandler.Upgrade upgrade = (pipeline, response) -> upgraded[0] = installFrameHandlers(pipeline, response);
    List<String> extensions = options.compression() ? List.of(PerMessageDeflateConfig.EXTENSION_NAME) : List.of();
    try {
      installHandshake(channel.pipeline(), url, new HandshakeHandler(request(url, url, true), handshake, extensions, upgrade, tracer));
    } catch (IOException | RuntimeException e) {
      result.completeExceptionally(e);
      return result;
    }
    handshake.addListener(f -> {
      if (!f.isSuccess()) {
        result.completeExceptionally(translate(f.cause(), url, null));
      } else if (handshake.getNow().status() != 101) {
        result.completeExceptionally(new WebSocketException(
            "Server answered with a redirect (" + handshake.getNow().status() + " to " + handshake.getNow().header("location")
                + "), which an installed pipeline does not follow"));
      } else {
        result.complete(upgraded[0]);
      }
    });
    return result;
  }

  private HandshakeRequest request(WebSocketUrl url, WebSocketUrl first, boolean sameOrigin) {
    HandshakeRequest.Builder builder = HandshakeRequest.builder(url)
        .host(options.host())
        .origin(options.origin())
        .suppressOrigin(options.suppressOrigin())
        .protocols(options.subprotocols())
        .extensions(deflate.offer().orElse(null));
    // Credentials are for the host they were given for: a redirect elsewhere goes without them.
    if (sameOrigin) {
      builder.cookie(options.cookie());
      if (url.userInfo() == null && first.userInfo() != null) {
        builder.userInfo(first.userInfo());
      }
    }
    for (Map.Entry<String, String> header : options.headers()) {
      if (sameOrigin || !isCredential(header.getKey())) {
        builder.header(header.getKey(), header.getValue());
      }
    }
    if (options.headerSupplier() != null) {
      Map<String, String> supplied = options.headerSupplier().get();
      if (supplied != null) {
        supplied.forEach((name, value) -> {
          HeaderText.checkHeader(name, value);
          if (sameOrigin || !isCredential(name)) {
            builder.header(name, value);
          }
        });
      }
    }
    return builder.build();
  }

  private static boolean isCredential(String header) {
    return header.equalsIgnoreCase("authorization") || header.equalsIgnoreCase("cookie");
  }

  private ProxyConfig proxyFor(WebSocketUrl url) {
    ProxyResolver resolver = ProxyResolver.builder()
        .proxy(options.proxy())
        .noProxy(options.noProxy().toArray(new String[0]))
        .ignoreEnvironment(!options.proxyFromEnvironment())
        .build();
    return resolver.proxyFor(url.host(), url.port(), url.isSecure()).orElse(null);
  }

  private static SocketAddress remoteAddress(WebSocketUrl url, ProxyConfig proxy) throws IOException {
    if (url.unixSocketPath() != null) {
      return new DomainSocketAddress(url.unixSocketPath());
    }
    if (proxy != null) {
      return ProxyHandlers.destination(proxy, url.host(), url.port());
    }
    return InetSocketAddress.createUnresolved(url.host(), url.port());
  }

  /**
   * The options every channel gets, whether the bootstrap opens it or the user hands it in: the
   * write buffer limit, TCP_NODELAY (on TCP), then the user's socket options, which win.
   */
  @SuppressWarnings("unchecked")
  private Map<ChannelOption<Object>, Object> channelOptions(boolean unixSocket) {
    Map<ChannelOption<Object>, Object> all = new LinkedHashMap<>();
    all.put((ChannelOption<Object>) (ChannelOption<?>) ChannelOption.WRITE_BUFFER_WATER_MARK,
        new WriteBufferWaterMark(options.sendBufferBytes() / 2, options.sendBufferBytes()));
    if (!unixSocket) {
      all.put((ChannelOption<Object>) (ChannelOption<?>) ChannelOption.TCP_NODELAY, true);
    }
    options.socketOptions().forEach((key, value) -> all.put((ChannelOption<Object>) key, value));
    return all;
  }

  private EventLoopGroup group() {
    return options.eventLoopGroup() != null ? options.eventLoopGroup() : Transports.sharedGroup();
  }

  /** Adds the frame handlers for a validated 101, in the read that carried it. */
  private Connection installFrameHandlers(ChannelPipeline pipeline, HandshakeResponse response) throws WebSocketProtocolException {
    DeflateParameters compression = negotiateDeflate(response);
    MaskKeySource keys = options.maskKeySupplier() != null
        ? MaskKeySource.fromSupplier(options.maskKeySupplier())
        : MaskKeySource.secureRandom();
    FrameDecoderConfig decoderConfig = options.decoderConfig();
    if (compression != null) {
      decoderConfig = decoderConfig.toBuilder().allowedRsv(Frame.RSV1).build();
    }
    pipeline.addBefore(HandshakeHandler.HTTP_CODEC, "ws-encoder", new FrameEncoder(keys));
    pipeline.addAfter(HandshakeHandler.HTTP_CODEC, "ws-decoder", new FrameDecoder(decoderConfig));
    if (compression != null) {
      pipeline.addAfter("ws-decoder", "ws-inflater",
          new PerMessageDeflateDecoder(compression, options.maxMessageSize(), !options.skipUtf8Validation()));
      pipeline.addAfter("ws-inflater", "ws-deflater", new PerMessageDeflateEncoder(compression));
    }
    if (tracer.enabled()) {
      TraceHandlers.Raw raw = (TraceHandlers.Raw) pipeline.get(TraceHandlers.RAW);
      if (raw != null) {
        raw.upgraded();
      }
    }
    // Right after the handshake handler, not last: a Netty user's own handlers come after ours.
    ProtocolHandler protocol = new ProtocolHandler(options.closeTimeout());
    pipeline.addAfter(HandshakeHandler.NAME, ProtocolHandler.NAME, protocol);
    if (tracer.enabled()) {
      pipeline.addAfter(HandshakeHandler.NAME, TraceHandlers.FRAMES, new TraceHandlers.Frames(tracer));
    }
    Connection connection = new Connection(pipeline.channel(), response, options.closeTimeout(), options.sendBufferBytes(), protocol);
    protocol.bind(connection, listenerFactory.apply(connection));
    return connection;
  }

  private DeflateParameters negotiateDeflate(HandshakeResponse response) throws WebSocketProtocolException {
    try {
      return deflate.negotiate(response.extensions()).orElse(null);
    } catch (ProtocolViolationException e) {
      throw new WebSocketProtocolException(e.closeStatus(), e.getMessage(), e);
    }
  }

  private static String describe(WebSocketUrl url) {
    return url.unixSocketPath() != null ? url.unixSocketPath() : url.hostHeader();
  }

  /** The exception a user should see for a failed attempt. */
  static Throwable translate(Throwable cause, WebSocketUrl url, ProxyConfig proxy) {
    if (cause instanceof WebSocketException) {
      return cause;
    }
    // The SslHandler reports a failed handshake read as a DecoderException around the SSLException.
    if (cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
      cause = cause.getCause();
    }
    String where = url.unixSocketPath() != null ? url.unixSocketPath() : url.host() + ":" + url.port();
    if (proxy != null) {
      // A refused tunnel also fails the writes queued behind it (the TLS hello, the upgrade), so the
      // first failure seen may be TLS's: the proxy's own reason is further down the chain.
      for (Throwable t = cause; t != null; t = t.getCause()) {
        if (t instanceof ProxyConnectException || t instanceof ProxyException) {
          ProxyException p = ProxyException.from(proxy, t);
          return new WebSocketProxyException(p.getMessage(), p);
        }
      }
    }
    if (proxy != null && (cause instanceof ProxyConnectException || cause instanceof ConnectException
        || cause instanceof ConnectTimeoutException || cause instanceof UnresolvedAddressException
        || cause instanceof ProxyException)) {
      ProxyException p = ProxyException.from(proxy, cause);
      return new WebSocketProxyException(p.getMessage(), p);
    }
    if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
      return new WebSocketAddressException("Cannot resolve host '" + url.host() + "'", cause);
    }
    if (cause instanceof ConnectTimeoutException) {
      return new WebSocketTimeoutException("Connect to " + where + " timed out", cause);
    }
    if (cause instanceof ConnectException) {
      ConnectException e = new ConnectException("Connection refused: " + where);
      e.initCause(cause);
      return e;
    }
    if (cause instanceof SSLException) {
      SSLHandshakeException e = new SSLHandshakeException("TLS handshake with " + where + " failed: " + tlsReason(cause));
      e.initCause(cause);
      return e;
    }
    if (cause instanceof IOException) {
      return new WebSocketException("Connection to " + where + " failed: " + cause.getMessage(), cause);
    }
    return cause;
  }

  private static String tlsReason(Throwable cause) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append(' ');
    }
    String text = all.toString();
    if (text.contains("No subject alternative") || text.contains("No name matching") || text.contains("doesn't match")) {
      return "hostname mismatch (" + cause.getMessage() + ")";
    }
    if (text.contains("PKIX") || text.contains("unable to find valid certification path") || text.contains("self-signed")
        || text.contains("self signed")) {
      return "untrusted certificate (" + cause.getMessage() + ")";
    }
    return "handshake failure (" + cause.getMessage() + ")";
  }
}
