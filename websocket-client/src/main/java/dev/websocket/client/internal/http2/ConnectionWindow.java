package dev.websocket.client.internal.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;

/**
 * Opens the connection's receive window as wide as HTTP/2 allows, once, right after the connection
 * preface (it sits after the frame codec, so it acts after the codec has sent the preface).
 *
 * <p>Netty returns a stream's flow-control credit as its channel reads, and the connection's credit
 * with it. A WebSocket whose application stops reading stops its stream's channel, so the bytes it
 * has received and not read (at most its stream window) would keep the connection's window too: at
 * the default 65,535 bytes for both, one such WebSocket would stop every other WebSocket of the
 * connection. Each stream's own window already bounds what it can hold, so the connection's window
 * need not bound anything: the server's sending is paced per stream.
 */
final class ConnectionWindow extends ChannelInboundHandlerAdapter {

  /** The connection window's growth over the default, to the largest window HTTP/2 allows. */
  static final int INCREMENT =
      Http2CodecUtil.MAX_INITIAL_WINDOW_SIZE - Http2CodecUtil.DEFAULT_WINDOW_SIZE;

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      open(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    open(ctx);
    ctx.fireChannelActive();
  }

  private void open(ChannelHandlerContext ctx) {
    if (ctx.isRemoved()) {
      return;
    }
    // A WINDOW_UPDATE without a stream is the connection's (Http2FrameCodec).
    ctx.writeAndFlush(new DefaultHttp2WindowUpdateFrame(INCREMENT));
    ctx.pipeline().remove(this);
  }
}
