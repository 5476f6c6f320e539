package dev.websocket.codec.deflate;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;

/** An unpooled allocator that remembers the largest capacity any buffer was allowed to grow to. */
final class RecordingAllocator extends AbstractByteBufAllocator {
  private int largestMaxCapacity;
  private int buffers;

  RecordingAllocator() {
    super(false);
  }

  /** The largest {@code maxCapacity} asked for: no buffer handed out can ever hold more. */
  int largestMaxCapacity() {
    return largestMaxCapacity;
  }

  /** How many buffers were handed out. */
  int buffers() {
    return buffers;
  }

  private void record(int maxCapacity) {
    buffers++;
    largestMaxCapacity = Math.max(largestMaxCapacity, maxCapacity);
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    record(maxCapacity);
    return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    record(maxCapacity);
    return new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }
}
