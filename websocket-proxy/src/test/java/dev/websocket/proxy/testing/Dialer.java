package dev.websocket.proxy.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;

/**
 * Opens a proxy's outgoing connection to the destination a client asked for, resolving host aliases
 * first, then splices the two connections together.
 */
final class Dialer {

  private final Map<String, InetAddress> aliases;
  private final LoopbackServer server;

  /**
   * @param aliases lower-case host names the proxy resolves to the given addresses without DNS
   * @param server closes the outgoing connections with the server
   */
  Dialer(Map<String, InetAddress> aliases, LoopbackServer server) {
    this.aliases = Map.copyOf(aliases);
    this.server = server;
  }

  /**
   * Connects to {@code host:port} on the client connection's event loop. Reading from the
   * destination stays off until {@link #splice}, so nothing it sends can overtake the proxy's reply
   * to the client.
   */
  ChannelFuture dial(Channel client, String host, int port) {
    InetAddress alias = aliases.get(host.toLowerCase(Locale.ROOT));
    Bootstrap bootstrap =
        new Bootstrap()
            .group(client.eventLoop())
            .channel(NioSocketChannel.class)
            .option(ChannelOption.AUTO_READ, false)
            .handler(new Relay(client));
    ChannelFuture connect =
        alias != null
            ? bootstrap.connect(new InetSocketAddress(alias, port))
            : bootstrap.connect(host, port);
    server.track(connect.channel());
    return connect;
  }

  /** Relays bytes both ways between the client and the destination from now on. */
  static void splice(Channel client, Channel destination) {
    client.pipeline().addLast(new Relay(destination));
    destination.config().setAutoRead(true);
  }
}
