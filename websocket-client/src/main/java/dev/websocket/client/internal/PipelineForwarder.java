package dev.websocket.client.internal;

import dev.websocket.codec.Frame;
import dev.websocket.codec.ProtocolViolationException;
import io.netty.channel.ChannelHandlerContext;

/**
 * The listener for a pipeline a Netty user composed: frames go on to the handlers after the
 * protocol handler as {@link Frame} messages, failures as {@code exceptionCaught}. A violation
 * fails the connection at once (there is no reader to wait for), before the user's handlers hear of
 * it, so a close frame they write in answer cannot replace the violation's code.
 */
public final class PipelineForwarder implements ConnectionListener {

  private final Connection connection;
  private final ChannelHandlerContext ctx;

  /** Forwards past the protocol handler of {@code connection}. */
  public PipelineForwarder(Connection connection) {
    this.connection = connection;
    this.ctx = connection.channel().pipeline().context(PipelineNames.PROTOCOL);
  }

  @Override
  public void onFrame(Frame frame) {
    ctx.fireChannelRead(frame);
  }

  @Override
  public void onViolation(ProtocolViolationException violation) {
    connection.fail(violation);
    ctx.fireExceptionCaught(violation);
  }

  @Override
  public void onError(Throwable cause) {
    ctx.fireExceptionCaught(cause);
  }

  @Override
  public void onClosed(CloseOutcome outcome) {
    // channelInactive travels on by itself
  }
}
