package dev.websocket.client.testing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.function.Consumer;

/**
 * Watches the raw bytes on their way to Netty's frame decoder and records each frame as the client
 * wrote it. It never changes or consumes what passes: Netty's decoder decides how the server
 * behaves, the tap only reports, so an unmasked frame is both recorded and (by default) refused.
 */
final class FrameTap extends ChannelInboundHandlerAdapter {

  private final RawFrameParser parser;
  private final Consumer<RecordedFrame> sink;

  FrameTap(RawFrameParser parser, Consumer<RecordedFrame> sink) {
    this.parser = parser;
    this.sink = sink;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf && buf.isReadable()) {
      byte[] copy = new byte[buf.readableBytes()];
      buf.getBytes(buf.readerIndex(), copy);
      parser.feed(copy, 0, copy.length).forEach(sink);
    }
    ctx.fireChannelRead(msg);
  }
}
