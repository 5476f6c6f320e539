package dev.websocket.wsdump;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket echo server on the loopback interface: text and binary messages come back as they
 * were sent, pings are answered, a close is answered and the connection closed. It makes {@code
 * wsdump --local-echo} work without a network, and gives tests and examples a server in one line:
 *
 * <pre>{@code
 * try (EchoServer server = EchoServer.start();
 *      WebSocket ws = WebSocket.connect(server.url())) {
 *   ws.send("hello");
 *   ws.recv().text(); // "hello"
 * }
 * }</pre>
 *
 * <p>The upgrade is Netty's HTTP codec ({@link EchoUpgradeHandler}); after it, frames go through
 * this project's own codec in server mode ({@link EchoFrameHandler}). It offers no extension, so
 * clients fall back to uncompressed messages. Its threads are daemons: a forgotten server does not
 * keep the JVM alive.
 */
public final class EchoServer implements AutoCloseable {

  /** Largest handshake request accepted, in bytes: an upgrade is a few hundred. */
  static final int MAX_HANDSHAKE_BYTES = 64 * 1024;

  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final EventLoopGroup group;
  private final Channel serverChannel;
  private final ChannelGroup connections =
      new DefaultChannelGroup("wsdump-echo", GlobalEventExecutor.INSTANCE);

  private EchoServer(EventLoopGroup group, InetSocketAddress bindAddress)
      throws InterruptedException {
    this.group = group;
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    ch.pipeline()
                        .addLast(EchoUpgradeHandler.HTTP_CODEC, new HttpServerCodec())
                        .addLast(
                            EchoUpgradeHandler.HTTP_AGGREGATOR,
                            new HttpObjectAggregator(MAX_HANDSHAKE_BYTES))
                        .addLast(new EchoUpgradeHandler());
                  }
                });
    this.serverChannel = bootstrap.bind(bindAddress).sync().channel();
  }

  /** Starts a server on the loopback address (127.0.0.1) and a free port. */
  public static EchoServer start() {
    return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  /**
   * Starts a server on {@code address} (port 0 for a free one). A failure to bind is thrown as
   * Netty reports it, a {@link java.net.BindException} for a port in use.
   */
  public static EchoServer start(InetSocketAddress address) {
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("wsdump-echo", true), NioIoHandler.newFactory());
    try {
      return new EchoServer(group, address);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IllegalStateException("Interrupted while starting the echo server", e);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** The port it listens on. */
  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** The URL to connect to: {@code ws://127.0.0.1:PORT/}. */
  public String url() {
    InetSocketAddress address = (InetSocketAddress) serverChannel.localAddress();
    String host = address.getAddress().getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return "ws://" + host + ":" + address.getPort() + "/";
  }

  /** Stops listening, closes every connection and stops the server's thread; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    serverChannel.close().syncUninterruptibly();
    connections.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Override
  public String toString() {
    return "EchoServer(" + url() + ")";
  }
}
