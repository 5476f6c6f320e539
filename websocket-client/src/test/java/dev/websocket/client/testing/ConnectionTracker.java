package dev.websocket.client.testing;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of every connection, present from accept to close: it reports the close and
 * writability changes to the {@link ServerConnection}, records errors (a refused TLS handshake, a
 * protocol violation) and closes the connection on them.
 */
final class ConnectionTracker extends ChannelInboundHandlerAdapter {

  private final ServerConnection connection;

  ConnectionTracker(ServerConnection connection) {
    this.connection = connection;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    connection.channelClosed();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    connection.writabilityChanged();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    connection.serverError(cause);
    ctx.close();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    // nothing should get this far; release rather than let the tail log it
    ReferenceCountUtil.release(msg);
  }
}
