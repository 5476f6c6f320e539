package dev.websocket.client.internal.http2;

import dev.websocket.client.WebSocketConnectionClosedException;
import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of a WebSocket's HTTP/2 stream channel: it makes the stream look like the byte
 * stream of an HTTP/1.1 connection, so the same frame decoder, encoder, deflate and protocol
 * handlers run on it (RFC 8441 section 5).
 *
 * <ul>
 *   <li>DATA frames in become their bytes; bytes out become DATA frames.
 *   <li>END_STREAM is the stream's FIN: once the close handshake has gone both ways this side ends
 *       its half too, so both halves close and the stream channel goes inactive without a reset. A
 *       server that ends its half first is answered with END_STREAM at once; had it sent no close
 *       frame, the WebSocket ends with 1006, as after a TCP FIN.
 *   <li>Closing the channel before the close handshake has gone both ways ({@code abort()}, a
 *       failure, the close timeout) resets the stream with CANCEL: that is how a stream is torn
 *       down.
 *   <li>A server's RST_STREAM, or the connection's end, ends the WebSocket with 1006 and an
 *       exception that names it (a GOAWAY is the session's to handle).
 * </ul>
 *
 * <p>The close handshake is seen by {@link #closeWatcher()}, a second handler that sits among the
 * frame handlers. All state is touched on the stream's event loop only.
 */
final class Http2StreamAdapter extends ChannelDuplexHandler {

  private final Duration closeTimeout;
  private final Http2Session session;
  private boolean closeSent;
  private boolean closeReceived;

  /**
   * Our END_STREAM is due: the close handshake has gone both ways, or the server ended its half.
   */
  private boolean endStreamDue;

  private boolean endStreamSent;

  /** The server sent END_STREAM. */
  private boolean peerEnded;

  /** Set while a graceful close waits for the server's END_STREAM. */
  private ScheduledFuture<?> lingering;

  /**
   * An adapter for one stream.
   *
   * @param closeTimeout how long a closed WebSocket waits for the server to end its half of the
   *     stream before resetting it
   * @param session the shared connection it is a stream of, or null for a stream the application
   *     opened on a connection of its own
   */
  Http2StreamAdapter(Duration closeTimeout, Http2Session session) {
    this.closeTimeout = closeTimeout;
    this.session = session;
  }

  /** The handler that reports close frames in both directions to this adapter. */
  public ChannelDuplexHandler closeWatcher() {
    return new CloseWatcher();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Http2DataFrame data)) {
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
      peerEnded = true;
      // The server's FIN: answer with ours, so the stream closes without a reset.
      endStreamDue = true;
      sendEndStream(ctx);
      ctx.flush();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof Http2ResetFrame reset) {
      long code = reset.errorCode();
      ctx.fireExceptionCaught(
          new WebSocketConnectionClosedException(
              "The server reset the HTTP/2 stream (RST_STREAM " + Http2Errors.name(code) + ")",
              CloseStatus.ABNORMAL_CLOSED,
              "",
              null));
      return;
    }
    if (event instanceof Http2GoAwayFrame) {
      // The session ends every open stream on a GOAWAY, with the reason.
      ((Http2GoAwayFrame) event).release();
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf) {
      ctx.write(new DefaultHttp2DataFrame((ByteBuf) msg, false), promise);
    } else {
      ctx.write(msg, promise);
    }
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    // After the frames that the encoder flushes: the END_STREAM follows the close frame's bytes.
    sendEndStream(ctx);
    ctx.flush();
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (endStreamDue && !peerEnded && lingering == null && ctx.channel().isActive()) {
      // The close handshake is over but the server has not ended its half yet: end ours and let
      // its END_STREAM close the stream, which closes this channel; reset only if it never comes.
      sendEndStream(ctx);
      ctx.flush();
      ctx.channel().closeFuture().addListener(f -> promise.trySuccess());
      lingering =
          ctx.executor()
              .schedule(
                  () -> {
                    ctx.close();
                  },
                  closeTimeout.toNanos(),
                  TimeUnit.NANOSECONDS);
      return;
    }
    if (endStreamDue) {
      sendEndStream(ctx);
      ctx.flush();
    }
    // With both halves ended this closes quietly; otherwise Netty resets the stream with CANCEL.
    ctx.close(promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (lingering != null) {
      lingering.cancel(false);
    }
    if (!endStreamDue && !ctx.channel().parent().isActive()) {
      // The whole connection is gone with the WebSocket still open: say so, and why if the server
      // did.
      // A stream the application opened on its own connection has no session to ask.
      String goAway = session != null ? session.goAway() : null;
      ctx.fireExceptionCaught(
          new WebSocketConnectionClosedException(
              "The HTTP/2 connection closed"
                  + (goAway != null ? " after the server's " + goAway : ""),
              CloseStatus.ABNORMAL_CLOSED,
              "",
              null));
    }
    ctx.fireChannelInactive();
  }

  private void sendEndStream(ChannelHandlerContext ctx) {
    if (endStreamDue && !endStreamSent && ctx.channel().isActive()) {
      endStreamSent = true;
      ctx.write(new DefaultHttp2DataFrame(true), ctx.voidPromise());
    }
  }

  private void closeFrameSeen(boolean sent) {
    if (sent) {
      closeSent = true;
    } else {
      closeReceived = true;
    }
    if (closeSent && closeReceived) {
      endStreamDue = true;
    }
  }

  /** Sees close frames go by, among the frame handlers, and tells the adapter. */
  private final class CloseWatcher extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Frame frame && frame.opcode() == Opcode.CLOSE) {
        closeFrameSeen(false);
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof Frame frame && frame.opcode() == Opcode.CLOSE) {
        closeFrameSeen(true);
      }
      ctx.write(msg, promise);
    }
  }
}
