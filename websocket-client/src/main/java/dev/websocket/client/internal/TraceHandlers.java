package dev.websocket.client.internal;

import dev.websocket.codec.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * The two pipeline taps of a {@link Tracer}: raw bytes at the socket end, frames at the application
 * end.
 */
public final class TraceHandlers {

  private TraceHandlers() {}

  /** Traces the bytes of each read and write once the connection is upgraded. */
  public static final class Raw extends ChannelDuplexHandler {
    private final Tracer tracer;
    private volatile boolean upgraded;

    /** A raw tap for {@code tracer}. */
    public Raw(Tracer tracer) {
      this.tracer = tracer;
    }

    /** Starts tracing: before the upgrade the headers are traced instead. */
    public void upgraded() {
      upgraded = true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (upgraded && msg instanceof ByteBuf) {
        tracer.raw("Rcv", (ByteBuf) msg);
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (upgraded && msg instanceof ByteBuf) {
        tracer.raw("Sent", (ByteBuf) msg);
      }
      ctx.write(msg, promise);
    }
  }

  /** Traces each decoded frame in both directions. */
  public static final class Frames extends ChannelDuplexHandler {
    private final Tracer tracer;

    /** A frame tap for {@code tracer}. */
    public Frames(Tracer tracer) {
      this.tracer = tracer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Frame) {
        tracer.frame("Rcv", (Frame) msg);
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof Frame) {
        tracer.frame("Sent", (Frame) msg);
      }
      ctx.write(msg, promise);
    }
  }
}
