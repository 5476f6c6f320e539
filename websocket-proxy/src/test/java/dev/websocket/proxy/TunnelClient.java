package dev.websocket.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Opens proxied connections with a plain Netty {@link Bootstrap}, for tests: the way a Netty user
 * would, with nothing of WebSocket in the pipeline.
 */
final class TunnelClient implements AutoCloseable {

  /** How long any one step (tunnel set-up, an echo) may take before the test fails. */
  static final Duration DEADLINE = Duration.ofSeconds(5);

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

  /** A tunnel opened with {@link ProxyTunnel#open}; throws what its future failed with. */
  Tunnel open(ProxyConfig proxy, String host, int port) throws Exception {
    Inbound inbound = new Inbound();
    Bootstrap bootstrap =
        new Bootstrap().group(group).channel(NioSocketChannel.class).handler(inbound);
    return new Tunnel(await(ProxyTunnel.open(bootstrap, proxy, host, port)), inbound);
  }

  /**
   * A tunnel opened the documented low-level way: the handler from {@link ProxyHandlers} in a
   * {@code ChannelInitializer}, {@code Bootstrap.connect} to {@link ProxyHandlers#destination},
   * with the given resolver on the bootstrap.
   */
  Tunnel openWithBootstrap(
      ProxyConfig proxy, String host, int port, AddressResolverGroup<?> resolver) throws Exception {
    Inbound inbound = new Inbound();
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .resolver(resolver)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    channel
                        .pipeline()
                        .addLast(ProxyHandlers.HANDLER_NAME, ProxyHandlers.newHandler(proxy))
                        .addLast(inbound);
                  }
                });
    InetSocketAddress destination = ProxyHandlers.destination(proxy, host, port);
    ChannelFuture connect = bootstrap.connect(destination);
    return new Tunnel(await(ProxyTunnel.whenEstablished(connect, proxy)), inbound);
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static Channel await(Future<Channel> tunnel) throws Exception {
    if (!tunnel.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("tunnel neither ready nor failed within " + DEADLINE);
    }
    if (!tunnel.isSuccess()) {
      if (tunnel.cause() instanceof Exception) {
        throw (Exception) tunnel.cause();
      }
      throw new AssertionError(tunnel.cause());
    }
    return tunnel.getNow();
  }

  /** An open tunnel: bytes written go to the destination, bytes it sends are queued here. */
  static final class Tunnel implements AutoCloseable {
    private final Channel channel;
    private final Inbound inbound;

    private Tunnel(Channel channel, Inbound inbound) {
      this.channel = channel;
      this.inbound = inbound;
    }

    /** The connected channel. */
    Channel channel() {
      return channel;
    }

    /** Sends {@code data} and returns the first {@code data.length} bytes that come back. */
    byte[] exchange(byte[] data) throws InterruptedException {
      channel.writeAndFlush(Unpooled.wrappedBuffer(data)).await(DEADLINE.toMillis());
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (received.size() < data.length) {
        byte[] chunk = inbound.chunks.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (chunk == null) {
          throw new AssertionError(
              "received " + received.size() + " of " + data.length + " bytes within " + DEADLINE);
        }
        received.writeBytes(chunk);
      }
      return received.toByteArray();
    }

    @Override
    public void close() {
      channel.close().awaitUninterruptibly(DEADLINE.toMillis());
    }
  }

  /** Copies what arrives into byte arrays and releases the buffers. */
  private static final class Inbound extends ChannelInboundHandlerAdapter {
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof ByteBuf) {
          chunks.add(ByteBufUtil.getBytes((ByteBuf) msg));
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // The proxy handler reports its failure here as well as through its future, which the
      // tests inspect; the channel is already closing.
    }
  }
}
