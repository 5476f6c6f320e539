package dev.websocket.benchmarks.e2e;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The event loops a Netty user would bring to both Netty-level clients alike: epoll when it loads,
 * one thread per core, the same as this project's shared group.
 */
final class NettyLoops {

  private NettyLoops() {}

  static EventLoopGroup newGroup() {
    int threads = Runtime.getRuntime().availableProcessors();
    return new MultiThreadIoEventLoopGroup(
        threads, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  static Class<? extends Channel> channelClass() {
    return Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
  }
}
