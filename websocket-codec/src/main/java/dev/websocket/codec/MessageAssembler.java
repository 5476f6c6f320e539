package dev.websocket.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins the frames of a fragmented message (RFC 6455 section 5.4) into one final frame. Control
 * frames may arrive between fragments; they are not given to the assembler, which only sees data
 * frames in order. The frame order rules and size limits were already enforced by {@link
 * FrameParser}, so this class only joins.
 *
 * <p>Large fragments are joined by reference; small ones are copied into shared chunks, so a
 * message of thousands of tiny fragments neither holds thousands of buffers nor is copied more than
 * once.
 *
 * <p>Not thread safe: one assembler per connection.
 */
public final class MessageAssembler {

  /** Fragments at least this large are joined by reference rather than copied. */
  static final int REFERENCE_THRESHOLD = 8 * 1024;

  /** The capacity of a chunk that collects small fragments. */
  static final int CHUNK_SIZE = 64 * 1024;

  private final ByteBufAllocator alloc;
  private final List<ByteBuf> parts = new ArrayList<>();

  private Frame first;

  /** The chunk small fragments are appended to; the last of {@link #parts} while set. */
  private ByteBuf chunk;

  /** An assembler that allocates joined buffers from {@code alloc}. */
  public MessageAssembler(ByteBufAllocator alloc) {
    this.alloc = alloc;
  }

  /**
   * Adds a TEXT, BINARY or CONTINUATION frame, taking it over.
   *
   * @return the whole message as one final frame (the first frame's opcode and reserved bits) once
   *     the final fragment arrived; null while the message is incomplete
   * @throws IllegalArgumentException for a control frame, or a continuation with no message open
   */
  public Frame add(Frame frame) {
    Opcode opcode = frame.opcode();
    if (opcode.isControl() || (opcode == Opcode.CONTINUATION) == (first == null)) {
      frame.release();
      throw new IllegalArgumentException(
          first == null
              ? "No message to continue with " + frame
              : "Message in progress, got " + frame);
    }
    if (first == null) {
      if (frame.isFinal()) {
        return frame;
      }
      first = frame;
      parts.add(frame.payload());
      return null;
    }
    append(frame);
    return frame.isFinal() ? complete() : null;
  }

  /** Whether a fragmented message is in progress. */
  public boolean inProgress() {
    return first != null;
  }

  /** Drops a message in progress, releasing its fragments. */
  public void discard() {
    if (first == null) {
      return;
    }
    // parts.get(0) is the first frame's payload: released with the frame.
    for (int i = 1; i < parts.size(); i++) {
      parts.get(i).release();
    }
    first.release();
    reset();
  }

  private void append(Frame frame) {
    ByteBuf payload = frame.payload();
    int length = payload.readableBytes();
    if (length >= REFERENCE_THRESHOLD) {
      parts.add(payload);
      chunk = null;
      return;
    }
    if (chunk == null || chunk.writableBytes() < length) {
      chunk = alloc.buffer(Math.max(CHUNK_SIZE, length));
      parts.add(chunk);
    }
    chunk.writeBytes(payload);
    frame.release();
  }

  private Frame complete() {
    CompositeByteBuf whole = alloc.compositeBuffer(parts.size());
    whole.addComponents(true, parts);
    Frame message = new Frame(first.opcode(), true, first.rsv(), whole);
    reset();
    return message;
  }

  private void reset() {
    first = null;
    chunk = null;
    parts.clear();
  }
}
