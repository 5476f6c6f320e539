package dev.websocket.examples;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.WebSocketHandlers;
import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import dev.websocket.wsdump.EchoServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * For Netty users: the client's handlers in a pipeline of your own, on your own {@link Bootstrap}
 * and event loop group, with one call, {@link WebSocketHandlers#install}. Your handler after them
 * reads and writes {@link Frame}s; pings are answered and the close handshake is run for you.
 *
 * <p>Arguments: {@code [url]}. Without one it starts the embedded echo server and talks to it.
 */
public final class NettyPipelineExample {

  private NettyPipelineExample() {}

  public static void main(String[] args) throws Exception {
    try (EchoServer local = args.length > 0 ? null : EchoServer.start()) {
      String url = args.length > 0 ? args[0] : local.url();
      URI uri = URI.create(url);

      EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
      try {
        CompletableFuture<String> echo = new CompletableFuture<>();
        Bootstrap bootstrap =
            new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(
                    new ChannelInitializer<SocketChannel>() {
                      @Override
                      protected void initChannel(SocketChannel ch) {
                        // Handshake, then frame codec and protocol handler: all in front of ours.
                        WebSocketHandlers.install(ch, url, ConnectOptions.DEFAULT)
                            .whenComplete(
                                (upgraded, failure) -> {
                                  if (failure != null) {
                                    echo.completeExceptionally(failure);
                                  } else {
                                    System.out.println("upgraded");
                                    ch.writeAndFlush(Frame.text("hello from my own pipeline"));
                                  }
                                });
                        ch.pipeline()
                            .addLast(
                                "my-handler",
                                new SimpleChannelInboundHandler<Frame>() {
                                  @Override
                                  protected void channelRead0(
                                      ChannelHandlerContext ctx, Frame frame) {
                                    // Frames are released after this method returns: copy what you
                                    // keep.
                                    if (frame.opcode() == Opcode.TEXT) {
                                      echo.complete(frame.text());
                                    }
                                  }

                                  @Override
                                  public void exceptionCaught(
                                      ChannelHandlerContext ctx, Throwable cause) {
                                    echo.completeExceptionally(cause);
                                    ctx.close();
                                  }
                                });
                      }
                    });

        Channel channel = bootstrap.connect(uri.getHost(), uri.getPort()).sync().channel();
        System.out.println("received: " + echo.get(10, TimeUnit.SECONDS));

        // A close frame starts the close handshake; the server answers and the channel closes.
        channel.writeAndFlush(Frame.close(1000, "done"));
        if (!channel.closeFuture().await(10, TimeUnit.SECONDS)) {
          channel.close();
        }
        System.out.println("closed");
      } finally {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      }
    }
  }
}
