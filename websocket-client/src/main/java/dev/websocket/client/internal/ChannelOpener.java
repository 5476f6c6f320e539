package dev.websocket.client.internal;

import dev.websocket.client.ConnectOptions;
import dev.websocket.proxy.ProxyConfig;
import dev.websocket.proxy.ProxyHandlers;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Opens the channel of one attempt: connects a new one (the user's bootstrap or group, or the
 * shared group) or registers the socket the user handed in, with the client's channel options.
 */
final class ChannelOpener {

  private final ConnectOptions options;
  private final Duration connectTimeout;
  private final Tracer tracer;

  ChannelOpener(ConnectOptions options, Duration connectTimeout, Tracer tracer) {
    this.options = options;
    this.connectTimeout = connectTimeout;
    this.tracer = tracer;
  }

  /** A channel being opened: the event loop it runs on, and the channel once connected. */
  record Opening(EventLoop eventLoop, Future<Channel> channel) {

    /** Stops the connect, or closes the channel it made. */
    void close() {
      if (!channel.cancel(false) && channel.isSuccess()) {
        channel.getNow().close();
      }
    }

    /** A channel that is connected already. */
    static Opening of(Channel connected) {
      return new Opening(
          connected.eventLoop(), connected.eventLoop().newSucceededFuture(connected));
    }

    static Opening of(ChannelFuture connect) {
      Channel channel = connect.channel();
      Promise<Channel> opened = channel.eventLoop().newPromise();
      connect.addListener(
          f -> {
            if (f.isSuccess()) {
              opened.trySuccess(channel);
            } else {
              opened.tryFailure(f.cause());
            }
          });
      opened.addListener(
          f -> {
            if (f.isCancelled()) {
              channel.close();
            }
          });
      return new Opening(channel.eventLoop(), opened);
    }
  }

  /**
   * The channel for one attempt, {@code initializer} in its pipeline: connected to the addresses of
   * a host name (the server's, or the proxy's) raced when {@link ConnectOptions#happyEyeballs()} is
   * on ({@code initializer} then goes into the winner only), else to the first one.
   *
   * @param givenSocket whether to speak over the user's socket instead of connecting
   */
  Opening openRacing(
      WebSocketUrl url,
      ConnectRoute route,
      boolean givenSocket,
      ChannelInitializer<Channel> initializer) {
    if (givenSocket) {
      return Opening.of(registerGivenSocket(initializer));
    }
    Bootstrap bootstrap = bootstrap(url, route, initializer);
    Optional<Opening> raced =
        url.unixSocketPath() == null ? race(bootstrap, route, url) : Optional.empty();
    return raced.orElseGet(() -> Opening.of(bootstrap.connect(route.remote())));
  }

  /**
   * The connect raced over the addresses of the server's name, or of the proxy's (RFC 8305): when
   * on, and when there is a name to resolve (not an IP literal, and a resolver to do it).
   */
  private Optional<Opening> race(Bootstrap bootstrap, ConnectRoute route, WebSocketUrl url) {
    if (!options.happyEyeballs()) {
      return Optional.empty();
    }
    ProxyConfig proxy = route.proxy();
    String host = proxy != null ? proxy.host() : url.host();
    int port = proxy != null ? proxy.port() : url.port();
    AddressResolverGroup<?> resolver =
        options.bootstrap() != null
            ? options.bootstrap().config().resolver()
            : DefaultAddressResolverGroup.INSTANCE;
    if (NetUtil.isValidIpV4Address(host)
        || NetUtil.isValidIpV6Address(host)
        || resolver instanceof NoopAddressResolverGroup) {
      return Optional.empty();
    }
    RacingConnect.Setup setup =
        proxy == null
            ? RacingConnect.DIRECT
            : (pipeline, address) -> {
              pipeline.addLast(PipelineNames.PROXY, ProxyHandlers.newHandler(proxy, address));
              return route.remote();
            };
    EventLoop loop = bootstrap.config().group().next();
    return Optional.of(
        new Opening(
            loop,
            RacingConnect.connect(
                bootstrap.clone(loop),
                resolver,
                host,
                port,
                options.happyEyeballsDelay(),
                tracer,
                setup)));
  }

  private ChannelFuture registerGivenSocket(ChannelInitializer<Channel> initializer) {
    NioSocketChannel channel = new NioSocketChannel(options.socket());
    channelOptions(false).forEach(channel.config()::setOption);
    channel.pipeline().addLast(initializer);
    // The user's group when it can run a NIO channel, else the shared NIO group.
    EventLoopGroup user = options.eventLoopGroup();
    return (user != null && Transports.socketChannel(user) == NioSocketChannel.class
            ? user
            : Transports.sharedNioGroup())
        .register(channel);
  }

  /**
   * The user's bootstrap (its group, channel type and options) or a new one; the handler is always
   * the client's.
   */
  private Bootstrap bootstrap(
      WebSocketUrl url, ConnectRoute route, ChannelInitializer<Channel> initializer) {
    boolean unixSocket = url.unixSocketPath() != null;
    Bootstrap bootstrap;
    if (options.bootstrap() != null) {
      bootstrap = options.bootstrap().clone();
      if (bootstrap.config().group() == null) {
        bootstrap.group(group());
      }
      if (bootstrap.config().channelFactory() == null) {
        EventLoopGroup group = bootstrap.config().group();
        bootstrap.channel(
            unixSocket ? Transports.domainSocketChannel(group) : Transports.socketChannel(group));
      }
    } else {
      EventLoopGroup group = group();
      bootstrap =
          new Bootstrap()
              .group(group)
              .channel(
                  unixSocket
                      ? Transports.domainSocketChannel(group)
                      : Transports.socketChannel(group));
      channelOptions(unixSocket).forEach(bootstrap::option);
    }
    bootstrap
        .option(
            ChannelOption.CONNECT_TIMEOUT_MILLIS,
            (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
        .handler(initializer);
    if (route.proxy() != null) {
      // The proxy resolves the destination (or ProxyHandlers did, for SOCKS4/5).
      bootstrap.resolver(NoopAddressResolverGroup.INSTANCE);
    }
    return bootstrap;
  }

  /**
   * The options every channel gets, whether the bootstrap opens it or the user hands it in: the
   * write buffer limit, TCP_NODELAY (on TCP), then the user's socket options, which win.
   */
  @SuppressWarnings("unchecked")
  private Map<ChannelOption<Object>, Object> channelOptions(boolean unixSocket) {
    Map<ChannelOption<Object>, Object> all = new LinkedHashMap<>();
    all.put(
        (ChannelOption<Object>) (ChannelOption<?>) ChannelOption.WRITE_BUFFER_WATER_MARK,
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
}
