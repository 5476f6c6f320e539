package dev.websocket.client.testing;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * What the server does with each decoded (and aggregated) frame: echo messages, answer or swallow
 * pings, count, and answer a client's close as configured. Every frame that is not passed on is
 * released here.
 */
final class FrameBehaviour extends ChannelInboundHandlerAdapter {

  private final ServerConnection connection;
  private final TestServerConfig config;

  FrameBehaviour(ServerConnection connection, TestServerConfig config) {
    this.connection = connection;
    this.config = config;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
      connection.events().messagesReceived.incrementAndGet();
      if (config.echo) {
        // the aggregated frame goes back as it came: same opcode, whole message
        ctx.writeAndFlush(msg);
      } else {
        ReferenceCountUtil.release(msg);
      }
    } else if (msg instanceof PingWebSocketFrame ping) {
      connection.events().pingsReceived.incrementAndGet();
      if (config.swallowPings) {
        ping.release();
      } else {
        connection.events().pongsSent.incrementAndGet();
        ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
      }
    } else if (msg instanceof PongWebSocketFrame pong) {
      connection.events().pongsReceived.incrementAndGet();
      pong.release();
    } else if (msg instanceof CloseWebSocketFrame close) {
      connection.clientClosed(close);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }
}
