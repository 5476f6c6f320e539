package dev.websocket.client.testing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a run of binary messages as fast as the peer reads them: it writes while the channel is
 * writable and resumes when it becomes writable again, so a slow client holds the server back
 * instead of making it queue the whole run in memory.
 *
 * <p>Message {@code i} carries {@link #payload(int, int)}, so a client test can check that every
 * message arrived whole and in order.
 */
public final class FastSender {

  private final Channel channel;
  private final int count;
  private final int size;
  private final CompletableFuture<Integer> done = new CompletableFuture<>();
  private int sent;
  private boolean allWritten;
  private boolean pumping;

  FastSender(Channel channel, int count, int size) {
    if (count < 0 || size < 0) {
      throw new IllegalArgumentException("count and size must be >= 0: " + count + ", " + size);
    }
    this.channel = channel;
    this.count = count;
    this.size = size;
  }

  /**
   * The payload of message {@code index}: its index as 4 big-endian bytes (as far as {@code size}
   * allows), then bytes counting up from the index.
   */
  public static byte[] payload(int index, int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = byteAt(index, i);
    }
    return bytes;
  }

  private static byte byteAt(int index, int position) {
    return position < 4 ? (byte) (index >>> (24 - 8 * position)) : (byte) (index + position);
  }

  CompletableFuture<Integer> done() {
    return done;
  }

  /**
   * Writes until done or not writable; called on the event loop, and again on each writability
   * change. A write can fire that change from inside this method (Netty reports crossing the high
   * water mark synchronously), so a nested call returns at once and the loop here rechecks instead.
   */
  void pump() {
    if (pumping || done.isDone() || allWritten) {
      return;
    }
    if (!channel.isActive()) {
      done.completeExceptionally(
          new IllegalStateException(
              "Connection closed after " + sent + " of " + count + " messages"));
      return;
    }
    pumping = true;
    try {
      ChannelFuture last = null;
      while (true) {
        while (sent < count && channel.isWritable()) {
          int index = sent++;
          ByteBuf buf = channel.alloc().buffer(size);
          for (int i = 0; i < size; i++) {
            buf.writeByte(byteAt(index, i));
          }
          last = channel.write(new BinaryWebSocketFrame(buf));
        }
        channel.flush();
        if (sent == count || !channel.isWritable()) {
          break;
        }
      }
      if (sent == count) {
        allWritten = true;
        completeAfter(last);
      }
    } finally {
      pumping = false;
    }
  }

  private void completeAfter(ChannelFuture last) {
    if (last == null) {
      done.complete(count);
      return;
    }
    last.addListener(
        f -> {
          if (f.isSuccess()) {
            done.complete(count);
          } else {
            done.completeExceptionally(f.cause());
          }
        });
  }
}
