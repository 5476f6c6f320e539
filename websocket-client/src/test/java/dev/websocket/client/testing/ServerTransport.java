package dev.websocket.client.testing;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;

/**
 * TCP over NIO (works everywhere) or a Unix domain socket over native epoll. One event loop thread
 * per server is plenty for tests and keeps two servers in one test cheap.
 */
final class ServerTransport {

  final EventLoopGroup group;
  final Class<? extends ServerChannel> channelClass;
  final SocketAddress bindAddress;
  final boolean tcp;

  private ServerTransport(
      IoHandlerFactory io,
      Class<? extends ServerChannel> channelClass,
      SocketAddress bindAddress,
      boolean tcp) {
    // daemon threads: a test that forgets close() must not keep the JVM alive
    this.group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("test-websocket-server", true), io);
    this.channelClass = channelClass;
    this.bindAddress = bindAddress;
    this.tcp = tcp;
  }

  static boolean unixSocketsAvailable() {
    return Epoll.isAvailable();
  }

  static ServerTransport forConfig(TestServerConfig config) {
    if (config.unixSocket != null) {
      if (!Epoll.isAvailable()) {
        throw new IllegalStateException(
            "Unix domain sockets need native epoll, which is unavailable",
            Epoll.unavailabilityCause());
      }
      Path path = config.unixSocket.toAbsolutePath();
      return new ServerTransport(
          EpollIoHandler.newFactory(),
          EpollServerDomainSocketChannel.class,
          new DomainSocketAddress(path.toString()),
          false);
    }
    return new ServerTransport(
        NioIoHandler.newFactory(),
        NioServerSocketChannel.class,
        new InetSocketAddress(config.bindAddress, 0),
        true);
  }
}
