package dev.websocket.client.testing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of a WebSocket stream of the {@link TestWebSocketServer}'s HTTP/2 variant: it
 * makes the stream look like the socket of an HTTP/1.1 connection to the handlers after it (RFC
 * 8441 section 5), so they run unchanged. DATA frames in become their bytes, each write of bytes
 * one DATA frame (so a write of one byte arrives as one DATA frame of one byte).
 *
 * <p>Closing the channel is the TCP FIN of a socket: it ends this half of the stream with
 * END_STREAM, and the channel closes when the client ends its half (at once, if it already has). A
 * client that never does is reset with CANCEL after {@link #LINGER_SECONDS}. The client's
 * END_STREAM is answered the same way, as a server socket closes on the client's FIN.
 */
final class StreamBytes extends ChannelDuplexHandler {

  static final String NAME = "h2-stream";

  /** How long a closing stream waits for the client's END_STREAM before resetting it. */
  static final long LINGER_SECONDS = 10;

  /** Whether this half is ended; read by the test thread. */
  private volatile boolean ended;

  private boolean clientEnded;
  private ScheduledFuture<?> linger;

  /** Whether the server has ended its half of this channel's stream (false for a TCP channel). */
  static boolean ended(Channel channel) {
    StreamBytes adapter = channel.pipeline().get(StreamBytes.class);
    return adapter != null && adapter.ended;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2HeadersFrame && clientEnded) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!(msg instanceof Http2DataFrame data)) {
      // the request HEADERS, for the handshake responder
      ctx.fireChannelRead(msg);
      return;
    }
    boolean endStream = data.isEndStream();
    ByteBuf content = data.content();
    if (content.isReadable()) {
      ctx.fireChannelRead(content);
    } else {
      content.release();
    }
    if (endStream) {
      clientEnded = true;
      ctx.channel().close();
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ctx.write(msg instanceof ByteBuf bytes ? new DefaultHttp2DataFrame(bytes) : msg, promise);
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (!ctx.channel().isActive() || (ended && clientEnded)) {
      ctx.close(promise);
      return;
    }
    ctx.channel().closeFuture().addListener(f -> promise.trySuccess());
    if (!ended) {
      ended = true;
      ctx.writeAndFlush(new DefaultHttp2DataFrame(true))
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  ctx.close();
                }
              });
    }
    if (clientEnded) {
      // both halves ended: Netty closes the channel as the stream closes
      return;
    }
    if (linger == null) {
      linger = ctx.executor().schedule(() -> ctx.close(), LINGER_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (linger != null) {
      linger.cancel(false);
    }
    ctx.fireChannelInactive();
  }
}
