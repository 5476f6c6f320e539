package dev.websocket.benchmarks.e2e;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * The user's handler at the end of a Netty pipeline, for both Netty-level peers (Netty's websocketx
 * client and this project's handlers): reads frames, writes in {@code channelRead} and flushes in
 * {@code channelReadComplete}, the usual Netty idiom. One class, so the two are measured with the
 * very same handler and only their frame types differ.
 */
abstract class FrameLink extends ChannelInboundHandlerAdapter implements Peer.Link {
  private final Peer.Receiver receiver;
  volatile Channel channel;
  private boolean needsFlush;

  FrameLink(Peer.Receiver receiver) {
    this.receiver = receiver;
  }

  /** The payload length of a data frame (text or binary); -1 for any other message. */
  abstract int dataLength(Object msg);

  /** A binary frame over {@code message}. */
  abstract Object binaryFrame(byte[] message);

  /** A normal-closure close frame. */
  abstract Object closeFrame();

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      int length = dataLength(msg);
      if (length >= 0) {
        receiver.onMessage(this, length);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (needsFlush) {
      needsFlush = false;
      ctx.flush();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void send(byte[] message) {
    if (channel.eventLoop().inEventLoop()) {
      channel.write(binaryFrame(message), channel.voidPromise());
      needsFlush = true;
    } else {
      channel.writeAndFlush(binaryFrame(message), channel.voidPromise());
    }
  }

  @Override
  public void close() throws Exception {
    channel.writeAndFlush(closeFrame());
    if (!channel.closeFuture().await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("close timed out");
    }
  }
}
