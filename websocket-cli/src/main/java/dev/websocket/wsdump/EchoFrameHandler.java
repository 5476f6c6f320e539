package dev.websocket.wsdump;

import dev.websocket.codec.ClosePayload;
import dev.websocket.codec.Frame;
import dev.websocket.codec.ProtocolViolationException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The echo server after the upgrade: every data frame goes back as it came (fragments included, so
 * no message is buffered whole), a ping gets a pong with its payload, a close is answered with the
 * same code and the server then closes TCP, as RFC 6455 section 7.1.1 asks of servers. A protocol
 * error closes with its code. Not shared: one per connection.
 */
final class EchoFrameHandler extends ChannelInboundHandlerAdapter {

  private boolean closeSent;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    Frame frame = (Frame) msg;
    if (closeSent) {
      frame.release(); // after our close frame nothing more may be sent (section 5.5.1)
      return;
    }
    switch (frame.opcode()) {
      case TEXT:
      case BINARY:
      case CONTINUATION:
        ctx.writeAndFlush(frame); // the encoder takes over the frame and releases it
        break;
      case PING:
        ctx.writeAndFlush(Frame.pong(frame.content())); // the pong takes over the ping's payload
        break;
      case PONG:
        frame.release();
        break;
      case CLOSE:
        answerClose(ctx, frame);
        break;
      default:
        frame.release();
    }
  }

  private void answerClose(ChannelHandlerContext ctx, Frame frame) {
    Frame reply;
    try {
      ClosePayload payload = frame.closePayload();
      reply = payload.hasStatus() ? Frame.close(payload.status(), "") : Frame.close();
    } catch (ProtocolViolationException e) {
      reply = Frame.close(e.closeStatus(), "");
    } finally {
      frame.release();
    }
    sendCloseAndDisconnect(ctx, reply);
  }

  private void sendCloseAndDisconnect(ChannelHandlerContext ctx, Frame reply) {
    closeSent = true;
    ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof ProtocolViolationException && !closeSent) {
      sendCloseAndDisconnect(
          ctx, Frame.close(((ProtocolViolationException) cause).closeStatus(), ""));
    } else {
      ctx.close();
    }
  }
}
