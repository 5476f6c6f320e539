package dev.websocket.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Opens a connection through a proxy and reports when the tunnel to the destination is ready.
 *
 * <p>A proxied connection has two stages. Netty completes the channel's connect future when TCP
 * reaches the proxy; only the proxy handler's own future says when the proxy has connected to the
 * destination. The futures returned here cover both, and fail with a {@link ProxyException} that
 * says which stage failed and why. Bytes written before then are held by the proxy handler and sent
 * once the tunnel is ready.
 */
public final class ProxyTunnel {

  private ProxyTunnel() {}

  /**
   * Registers a channel from {@code bootstrap} (running its handler, for example a {@code
   * ChannelInitializer}), puts a {@link ProxyHandlers#newHandler(ProxyConfig) proxy handler} first
   * in its pipeline under {@link ProxyHandlers#HANDLER_NAME}, and connects it to {@code host:port}
   * through the proxy. The channel connects itself, so the bootstrap's resolver is never used and
   * the proxy receives the name when its type says so.
   *
   * <p>The TCP connection to the proxy is bounded by the proxy's {@link
   * ProxyConfig#connectTimeout()} (or the bootstrap's {@code CONNECT_TIMEOUT_MILLIS} if shorter),
   * as Python's {@code http_proxy_timeout} bounds it; the handshake that follows gets the same time
   * again.
   *
   * <p>The proxy's host name, and the destination's for SOCKS4 and SOCKS5, are resolved on the
   * calling thread with the JDK resolver, which blocks: do not call this on an event loop.
   *
   * <p>Cancelling the returned future closes the channel.
   *
   * @return completes with the channel once the tunnel is ready; fails with a {@link
   *     ProxyException}, with an {@link UnknownHostException} if the destination must be resolved
   *     locally and cannot be (the proxy was then never contacted), or with whatever made the
   *     channel's registration fail
   * @throws IllegalArgumentException for a port out of range, or an IPv6 destination through SOCKS4
   */
  public static Future<Channel> open(
      Bootstrap bootstrap, ProxyConfig proxy, String host, int port) {
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(proxy, "proxy");
    Promise<Channel> result = ImmediateEventExecutor.INSTANCE.newPromise();
    InetSocketAddress destination;
    try {
      destination = ProxyHandlers.destination(proxy, host, port);
    } catch (UnknownHostException e) {
      return result.setFailure(e);
    }
    ProxyHandler handler = ProxyHandlers.newHandler(proxy);
    ChannelFuture registered = bootstrap.register();
    registered.addListener(
        (ChannelFuture registration) -> {
          if (!registration.isSuccess()) {
            result.tryFailure(registration.cause());
            return;
          }
          Channel channel = registration.channel();
          result.addListener(
              tunnel -> {
                if (tunnel.isCancelled()) {
                  channel.close();
                }
              });
          int proxyTimeout = (int) Math.min(Integer.MAX_VALUE, proxy.connectTimeout().toMillis());
          int configured = channel.config().getConnectTimeoutMillis();
          if (configured <= 0 || configured > proxyTimeout) {
            channel.config().setConnectTimeoutMillis(proxyTimeout);
          }
          channel.pipeline().addFirst(ProxyHandlers.HANDLER_NAME, handler);
          whenEstablished(channel.connect(destination), proxy)
              .addListener(
                  tunnel -> {
                    if (tunnel.isSuccess()) {
                      result.trySuccess(channel);
                    } else {
                      result.tryFailure(tunnel.cause());
                    }
                  });
        });
    return result;
  }

  /**
   * A future for the tunnel of a channel whose pipeline holds a {@link ProxyHandler} (the first one
   * found is used) and whose connect is {@code connectFuture}.
   *
   * @return completes with the channel once the proxy has connected to the destination; fails with
   *     a {@link ProxyException} if the proxy could not be reached or refused, or with an {@link
   *     IllegalStateException} if the pipeline has no {@code ProxyHandler}
   */
  public static Future<Channel> whenEstablished(ChannelFuture connectFuture, ProxyConfig proxy) {
    Objects.requireNonNull(connectFuture, "connectFuture");
    Objects.requireNonNull(proxy, "proxy");
    Promise<Channel> result = ImmediateEventExecutor.INSTANCE.newPromise();
    Channel channel = connectFuture.channel();
    connectFuture.addListener(
        (ChannelFuture connect) -> {
          ProxyHandler handler = channel.pipeline().get(ProxyHandler.class);
          SocketAddress destination = handler == null ? null : handler.destinationAddress();
          if (!connect.isSuccess()) {
            // The TCP connection to the proxy failed; the handler's own future never completes.
            result.tryFailure(ProxyException.from(proxy, destination, connect.cause()));
            return;
          }
          if (handler == null) {
            channel.close();
            result.tryFailure(
                new IllegalStateException("no ProxyHandler in the pipeline of " + channel));
            return;
          }
          handler
              .connectFuture()
              .addListener(
                  tunnel -> {
                    if (tunnel.isSuccess()) {
                      result.trySuccess(channel);
                    } else {
                      result.tryFailure(
                          ProxyException.from(proxy, handler.destinationAddress(), tunnel.cause()));
                    }
                  });
        });
    return result;
  }
}
