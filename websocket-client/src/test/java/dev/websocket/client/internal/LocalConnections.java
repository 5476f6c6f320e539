package dev.websocket.client.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import java.time.Duration;
import java.util.Map;

/**
 * The connection core over a Netty local channel, for tests that need a real event loop between the
 * core and the peer but no socket, codec or handshake: frames go to the peer as {@code Frame}
 * objects.
 */
final class LocalConnections {

  private LocalConnections() {}

  /**
   * Connects a {@link ProtocolHandler} to the local server at {@code address} and returns its
   * {@link Connection}, with {@code listener} bound before the first frame can arrive (an {@link
   * InboundQueue} bound to the connection whose reading it pauses).
   */
  static Connection connect(EventLoopGroup group, LocalAddress address, ConnectionListener listener)
      throws InterruptedException {
    ProtocolHandler protocol = new ProtocolHandler(Duration.ofSeconds(3));
    Channel client =
        new Bootstrap()
            .group(group)
            .channel(LocalChannel.class)
            .handler(protocol)
            .connect(address)
            .sync()
            .channel();
    Connection connection =
        new Connection(
            client,
            new HandshakeResponse(101, "Switching Protocols", Map.of(), null, null),
            Duration.ofSeconds(3),
            1 << 20,
            protocol,
            null);
    if (listener instanceof InboundQueue queue) {
      queue.bind(connection);
    }
    protocol.bind(connection, listener);
    return connection;
  }
}
