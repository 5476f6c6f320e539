package dev.websocket.benchmarks.e2e;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Netty's own websocketx client, as its example client does: HTTP codec, aggregator, then {@link
 * WebSocketClientProtocolHandler} (handshake, close and ping handling); the user's handler waits
 * for {@code HANDSHAKE_COMPLETE} and reads {@link WebSocketFrame}s. Frames up to 16 MiB, no
 * extensions, on the same event loops as this project's Netty-level peer.
 */
final class NettyPeer implements Peer {

  private final EventLoopGroup group = NettyLoops.newGroup();

  @Override
  public String name() {
    return "netty websocketx";
  }

  @Override
  public Link connect(String host, int port, Receiver receiver) throws Exception {
    URI uri = new URI("ws://" + host + ":" + port + "/");
    WebSocketClientProtocolConfig config =
        WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .version(WebSocketVersion.V13)
            .allowExtensions(false)
            .customHeaders(new DefaultHttpHeaders())
            .maxFramePayloadLength(EchoServer.MAX_FRAME_BYTES)
            .build();
    NettyFrameLink link = new NettyFrameLink(receiver);
    Channel channel =
        new Bootstrap()
            .group(group)
            .channel(NettyLoops.channelClass())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            new HttpClientCodec(),
                            new HttpObjectAggregator(8192),
                            new WebSocketClientProtocolHandler(config),
                            link);
                  }
                })
            .connect(host, port)
            .sync()
            .channel();
    link.channel = channel;
    link.upgraded.get(30, TimeUnit.SECONDS);
    return link;
  }

  /** Reads Netty's {@link WebSocketFrame}s and waits for its handshake event. */
  private static final class NettyFrameLink extends FrameLink {
    final CompletableFuture<Void> upgraded = new CompletableFuture<>();

    NettyFrameLink(Receiver receiver) {
      super(receiver);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        upgraded.complete(null);
      } else if (evt
          == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
        upgraded.completeExceptionally(new IllegalStateException("handshake timed out"));
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      upgraded.completeExceptionally(cause);
      ctx.close();
    }

    @Override
    int dataLength(Object msg) {
      return msg instanceof BinaryWebSocketFrame || msg instanceof TextWebSocketFrame
          ? ((WebSocketFrame) msg).content().readableBytes()
          : -1;
    }

    @Override
    Object binaryFrame(byte[] message) {
      return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message));
    }

    @Override
    Object closeFrame() {
      return new CloseWebSocketFrame(1000, "");
    }
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
