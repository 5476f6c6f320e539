package dev.websocket.client.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The process-wide event loop group every connection shares unless the user brings their own:
 * created on first use, daemon threads (an idle client never keeps the JVM alive), epoll when the
 * native transport loads, NIO otherwise.
 */
public final class Transports {

  private static final Object LOCK = new Object();
  private static volatile EventLoopGroup shared;
  private static volatile EventLoopGroup sharedNio;

  private Transports() {}

  /** Whether the native epoll transport is in use. */
  public static boolean epoll() {
    return Epoll.isAvailable();
  }

  /** The shared group, created on first call. */
  public static EventLoopGroup sharedGroup() {
    EventLoopGroup group = shared;
    if (group == null) {
      synchronized (LOCK) {
        group = shared;
        if (group == null) {
          group =
              shared =
                  newGroup(
                      epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory(),
                      "websocket-client");
        }
      }
    }
    return group;
  }

  /**
   * A shared NIO group, for sockets the user hands in as {@link java.nio.channels.SocketChannel}s.
   */
  public static EventLoopGroup sharedNioGroup() {
    if (!epoll()) {
      return sharedGroup();
    }
    EventLoopGroup group = sharedNio;
    if (group == null) {
      synchronized (LOCK) {
        group = sharedNio;
        if (group == null) {
          group = sharedNio = newGroup(NioIoHandler.newFactory(), "websocket-client-nio");
        }
      }
    }
    return group;
  }

  private static EventLoopGroup newGroup(IoHandlerFactory factory, String name) {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
  }

  /** The TCP channel class for a group. */
  public static Class<? extends Channel> socketChannel(EventLoopGroup group) {
    return isEpoll(group) ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** The Unix domain socket channel class for a group. */
  public static Class<? extends Channel> domainSocketChannel(EventLoopGroup group) {
    return isEpoll(group) ? EpollDomainSocketChannel.class : NioDomainSocketChannel.class;
  }

  private static boolean isEpoll(EventLoopGroup group) {
    if (group instanceof IoEventLoopGroup) {
      return ((IoEventLoopGroup) group).isIoType(EpollIoHandler.class);
    }
    // A group of the legacy kind: its name says what it is.
    return group.getClass().getSimpleName().startsWith("Epoll");
  }
}
