package dev.websocket.proxy.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A listening socket on {@code 127.0.0.1} and an ephemeral port, with one event-loop thread, that
 * closes every channel it accepted (and every channel {@link #track tracked}) when closed.
 */
final class LoopbackServer implements AutoCloseable {

  /** How long {@link #close()} waits for the event loop to stop, in seconds. */
  private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;

  private final EventLoopGroup group;
  private final ChannelGroup channels;
  private final Channel listener;

  /**
   * Binds now.
   *
   * @param name names the event-loop thread, for thread dumps
   * @param pipeline sets up each accepted channel's pipeline
   */
  LoopbackServer(String name, Consumer<SocketChannel> pipeline) {
    group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory(name, true), NioIoHandler.newFactory());
    channels = new DefaultChannelGroup(name, GlobalEventExecutor.INSTANCE);
    try {
      listener =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                      channels.add(channel);
                      pipeline.accept(channel);
                    }
                  })
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .syncUninterruptibly()
              .channel();
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** The bound address: {@code 127.0.0.1} and the port the system chose. */
  InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  /** Closes {@code channel} with the server; for connections the server opens itself. */
  void track(Channel channel) {
    channels.add(channel);
  }

  /** Stops listening, closes every connection and stops the event loop. */
  @Override
  public void close() {
    listener.close().awaitUninterruptibly();
    channels.close().awaitUninterruptibly();
    group
        .shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .awaitUninterruptibly(2 * SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
