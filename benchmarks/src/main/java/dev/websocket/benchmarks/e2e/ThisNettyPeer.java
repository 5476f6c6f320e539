package dev.websocket.benchmarks.e2e;

import dev.websocket.client.WebSocketHandlers;
import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * This project's handlers in a Netty user's own pipeline, as {@code WebSocketHandlers}' javadoc
 * shows: {@code install} in the initializer, a handler after it reading {@link Frame}s. The user's
 * handler writes in {@code channelRead} and flushes in {@code channelReadComplete}, the usual Netty
 * idiom, exactly as the Netty websocketx peer does.
 */
final class ThisNettyPeer implements Peer {

  private final EventLoopGroup group = NettyLoops.newGroup();

  @Override
  public String name() {
    return "this: netty handlers";
  }

  @Override
  public boolean ours() {
    return true;
  }

  @Override
  public Link connect(String host, int port, Receiver receiver) throws Exception {
    String url = "ws://" + host + ":" + port + "/";
    ThisFrameLink link = new ThisFrameLink(receiver);
    CompletableFuture<Void> upgraded = new CompletableFuture<>();
    Channel channel =
        new Bootstrap()
            .group(group)
            .channel(NettyLoops.channelClass())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    WebSocketHandlers.install(ch, url, ThisBlockingPeer.OPTIONS)
                        .whenComplete(
                            (v, e) -> {
                              if (e != null) {
                                upgraded.completeExceptionally(e);
                              } else {
                                upgraded.complete(null);
                              }
                            });
                    ch.pipeline().addLast(link);
                  }
                })
            .connect(host, port)
            .sync()
            .channel();
    link.channel = channel;
    upgraded.get(30, TimeUnit.SECONDS);
    return link;
  }

  /** Reads this project's {@link Frame}s. */
  private static final class ThisFrameLink extends FrameLink {
    ThisFrameLink(Receiver receiver) {
      super(receiver);
    }

    @Override
    int dataLength(Object msg) {
      if (msg instanceof Frame) {
        Frame frame = (Frame) msg;
        if (frame.opcode() == Opcode.BINARY || frame.opcode() == Opcode.TEXT) {
          return frame.length();
        }
      }
      return -1;
    }

    @Override
    Object binaryFrame(byte[] message) {
      return Frame.binary(message);
    }

    @Override
    Object closeFrame() {
      return Frame.close(1000, "");
    }
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
