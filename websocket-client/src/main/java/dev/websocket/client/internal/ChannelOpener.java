package dev.websocket.client.internal;

import dev.websocket.client.ConnectOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.NoopAddressResolverGroup;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens the channel of one attempt: connects a new one (the user's bootstrap or group, or the
 * shared group) or registers the socket the user handed in, with the client's channel options.
 */
final class ChannelOpener {

  private final ConnectOptions options;
  private final Duration connectTimeout;

  ChannelOpener(ConnectOptions options, Duration connectTimeout) {
    this.options = options;
    this.connectTimeout = connectTimeout;
  }

  /**
   * The channel for one attempt, {@code initializer} in its pipeline.
   *
   * @param givenSocket whether to speak over the user's socket instead of connecting
   */
  ChannelFuture open(WebSocketUrl url, ConnectRoute route, boolean givenSocket, ChannelInitializer<Channel> initializer) {
    if (givenSocket) {
      return registerGivenSocket(initializer);
    }
    return bootstrap(url, route, initializer).connect(route.remote());
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
  private Bootstrap bootstrap(WebSocketUrl url, ConnectRoute route, ChannelInitializer<Channel> initializer) {
    boolean unixSocket = url.unixSocketPath() != null;
    Bootstrap bootstrap;
    if (options.bootstrap() != null) {
      bootstrap = options.bootstrap().clone();
      if (bootstrap.config().group() == null) {
        bootstrap.group(group());
      }
      if (bootstrap.config().channelFactory() == null) {
        EventLoopGroup group = bootstrap.config().group();
        bootstrap.channel(unixSocket ? Transports.domainSocketChannel(group) : Transports.socketChannel(group));
      }
    } else {
      EventLoopGroup group = group();
      bootstrap = new Bootstrap()
          .group(group)
          .channel(unixSocket ? Transports.domainSocketChannel(group) : Transports.socketChannel(group));
      channelOptions(unixSocket).forEach(bootstrap::option);
    }
    bootstrap.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
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
}
