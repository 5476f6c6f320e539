package dev.websocket.client.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Promise;

/**
 * The first step of an opening handshake, an HTTP/1.1 upgrade or an HTTP/2 extended CONNECT alike:
 * the request is written once, as soon as the channel is active (at once if it already is). A
 * request that cannot be encoded, or a write that fails, fails the handshake's promise; a promise
 * already done (the connect timed out meanwhile) closes the channel instead.
 *
 * <p>Touched on the channel's event loop only.
 */
public abstract class OpeningRequestHandler extends ChannelInboundHandlerAdapter {

  /** Completed with the server's answer, or failed. */
  protected final Promise<HandshakeResponse> promise;

  private boolean sent;

  protected OpeningRequestHandler(Promise<HandshakeResponse> promise) {
    this.promise = promise;
  }

  /**
   * The request as the message to write, traced if tracing is on.
   *
   * @throws IllegalArgumentException when a header cannot be sent as given
   */
  protected abstract Object encodeRequest(ChannelHandlerContext ctx);

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      sendRequest(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    sendRequest(ctx);
    ctx.fireChannelActive();
  }

  private void sendRequest(ChannelHandlerContext ctx) {
    if (sent) {
      return;
    }
    sent = true;
    if (promise.isDone()) {
      ctx.close();
      return;
    }
    Object request;
    try {
      request = encodeRequest(ctx);
    } catch (IllegalArgumentException e) {
      promise.tryFailure(e);
      ctx.close();
      return;
    }
    ctx.writeAndFlush(request)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                promise.tryFailure(f.cause());
              }
            });
  }
}
