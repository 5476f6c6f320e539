package dev.websocket.client.internal;

import dev.websocket.codec.ClosePayload;
import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The last handler of an upgraded pipeline: answers pings, runs the close handshake (RFC 6455
 * section 7), and hands every frame to the {@link ConnectionListener} in wire order.
 *
 * <p>Threads: every field is written on the event loop only. {@code state} and {@code outcome} are
 * also read from other threads ({@link Connection#isClosing()}, the exception a send gets once
 * closed), hence volatile; such a read may be one transition behind, which only decides the wording
 * or whether a send is refused at once or by the drain task.
 */
public final class ProtocolHandler extends ChannelDuplexHandler {

  private enum State {
    /** Both directions open. */
    OPEN,
    /** We sent a close frame and wait for the server's. */
    CLOSE_SENT,
    /** The server sent a close frame and we answered; we wait for it to close TCP. */
    CLOSE_RECEIVED,
    /** The close handshake finished or TCP is gone. */
    CLOSED
  }

  private final Duration closeTimeout;
  private ConnectionListener listener;
  private Connection connection;
  private ChannelHandlerContext ctx;

  private volatile State state = State.OPEN;

  /** Replaced whole (it is immutable) at each close frame sent or received. */
  private volatile CloseOutcome outcome = CloseOutcome.NONE;

  private ScheduledFuture<?> closeTimer;
  private ScheduledFuture<?> violationTimer;

  /** The pong for the most recent ping, held while the channel is not writable; else null. */
  private ByteBuf heldPong;

  /** A protocol handler; {@link #bind} must follow before any frame arrives. */
  public ProtocolHandler(Duration closeTimeout) {
    this.closeTimeout = closeTimeout;
  }

  void bind(Connection connection, ConnectionListener listener) {
    this.connection = connection;
    this.listener = listener;
  }

  boolean closeStarted() {
    return state != State.OPEN;
  }

  CloseOutcome outcome() {
    return outcome;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseHeldPong();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Frame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (outcome.received() != null) {
      // Nothing follows a close frame (RFC 6455 section 5.5.1): what a server sends after its own
      // is dropped, so the close it sent first stays the one a reader is told of.
      frame.release();
      return;
    }
    switch (frame.opcode()) {
      case PING:
        if (state == State.OPEN) {
          answer(ctx, frame.payload());
        }
        listener.onFrame(frame);
        break;
      case PONG:
        listener.onFrame(frame);
        break;
      case CLOSE:
        onClose(ctx, frame);
        break;
      default:
        // Data frames go on as they came: each front door joins fragments its own way.
        listener.onFrame(frame);
    }
  }

  /**
   * Answers a ping at once while the outbound buffer is under its high-water mark. Above it, holds
   * one pong, for the most recent ping (RFC 6455 5.5.3 allows answering only that one), and stops
   * reading until the buffer drains: a server that floods pings without reading the pongs is slowed
   * by TCP instead of filling the client's memory.
   */
  private void answer(ChannelHandlerContext ctx, ByteBuf ping) {
    if (heldPong == null && ctx.channel().isWritable()) {
      ctx.writeAndFlush(Frame.pong(ping.retainedDuplicate()), ctx.voidPromise());
      return;
    }
    if (heldPong != null) {
      heldPong.release();
    }
    // A copy (at most 125 bytes), not a slice that would keep the whole read buffer.
    heldPong =
        ctx.alloc()
            .buffer(ping.readableBytes())
            .writeBytes(ping, ping.readerIndex(), ping.readableBytes());
    connection.pauseReading(Connection.ReadPause.PONG_PENDING);
  }

  /** Sends the held pong, if any, now that the outbound buffer drained, and reads again. */
  private void sendHeldPong(ChannelHandlerContext ctx) {
    ByteBuf payload = heldPong;
    if (payload == null) {
      return;
    }
    heldPong = null;
    if (state == State.OPEN) {
      ctx.writeAndFlush(Frame.pong(payload), ctx.voidPromise());
    } else {
      payload.release();
    }
    connection.resumeReading(Connection.ReadPause.PONG_PENDING);
  }

  private void releaseHeldPong() {
    if (heldPong != null) {
      heldPong.release();
      heldPong = null;
    }
  }

  private void onClose(ChannelHandlerContext ctx, Frame frame) {
    // The parser already validated the payload.
    ClosePayload payload = ClosePayload.parse(frame.payload(), false);
    State before = state;
    outcome = new CloseOutcome(before == State.CLOSE_SENT, outcome.sent(), payload);
    if (before == State.OPEN) {
      state = State.CLOSE_RECEIVED;
    } else if (before == State.CLOSE_SENT) {
      state = State.CLOSED;
    }
    // The listener hears of the close frame before it hears of the closed connection.
    listener.onFrame(frame);
    if (before == State.OPEN) {
      // Answer with the same code (RFC 6455 section 5.5.1), then let the server close TCP first.
      Frame reply = payload.hasStatus() ? Frame.close(payload.status(), "") : Frame.close();
      ctx.writeAndFlush(reply);
      armCloseTimer();
    } else if (before == State.CLOSE_SENT) {
      ctx.close();
    }
  }

  /** Sends our close frame (from the send queue, so after every message queued before it). */
  void sendClose(Frame frame, ChannelPromise promise) {
    if (state != State.OPEN) {
      frame.release();
      promise.trySuccess();
      return;
    }
    state = State.CLOSE_SENT;
    outcome = new CloseOutcome(true, sentPayload(frame), null);
    ctx.write(frame, promise);
    armCloseTimer();
  }

  /** Fails the connection: a close frame with the violation's code, then TCP close. */
  void fail(ProtocolViolationException violation) {
    cancel(violationTimer);
    if (state == State.OPEN) {
      sendClose(
          Frame.close(violation.closeStatus(), shortReason(violation.getMessage())),
          ctx.newPromise());
      ctx.flush();
    } else if (state == State.CLOSE_RECEIVED) {
      ctx.close();
    }
  }

  /**
   * The body of a close frame we send; a Netty user's frame may carry a malformed one, read as
   * none.
   */
  private static ClosePayload sentPayload(Frame frame) {
    try {
      return ClosePayload.parse(frame.payload(), false);
    } catch (ProtocolViolationException malformed) {
      return ClosePayload.EMPTY;
    }
  }

  private static String shortReason(String message) {
    byte[] utf8 = message == null ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= Frame.MAX_CLOSE_REASON_BYTES) {
      return message == null ? "" : message;
    }
    String cut = new String(utf8, 0, Frame.MAX_CLOSE_REASON_BYTES, StandardCharsets.UTF_8);
    // A cut through a character leaves a replacement char at the end: drop it.
    while (cut.getBytes(StandardCharsets.UTF_8).length > Frame.MAX_CLOSE_REASON_BYTES
        || cut.endsWith("\uFFFD")) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut;
  }

  private void armCloseTimer() {
    cancel(closeTimer);
    closeTimer =
        ctx.executor()
            .schedule(
                () -> {
                  ctx.close();
                },
                closeTimeout.toNanos(),
                TimeUnit.NANOSECONDS);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof ProtocolViolationException violation) {
      listener.onViolation(violation);
      // Fail in wire order when the application reaches the violation; at the latest after the
      // close timeout.
      if (state == State.OPEN && violationTimer == null) {
        violationTimer =
            ctx.executor()
                .schedule(() -> fail(violation), closeTimeout.toNanos(), TimeUnit.NANOSECONDS);
      }
      return;
    }
    listener.onError(cause);
    ctx.close();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      sendHeldPong(ctx);
      connection.signalWritable();
      listener.onWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    state = State.CLOSED;
    cancel(closeTimer);
    cancel(violationTimer);
    releaseHeldPong();
    connection.failQueued();
    listener.onClosed(outcome);
    ctx.fireChannelInactive();
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof Frame close && close.opcode() == Opcode.CLOSE) {
      // A close written into the pipeline by a Netty user's own handler starts the close handshake
      // exactly as ours does (and a second one is dropped), so the server's answer is not echoed.
      sendClose(close, promise);
      return;
    }
    if (state == State.CLOSED && msg instanceof Frame) {
      ReferenceCountUtil.release(msg);
      promise.tryFailure(connection.closedException());
      return;
    }
    ctx.write(msg, promise);
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
