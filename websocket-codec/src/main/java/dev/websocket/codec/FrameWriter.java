package dev.websocket.codec;

import static dev.websocket.codec.FrameHeader.B0_FLAG_FIN;
import static dev.websocket.codec.FrameHeader.B0_RSV_SHIFT;
import static dev.websocket.codec.FrameHeader.B1_FLAG_MASK;
import static dev.websocket.codec.FrameHeader.MASK_KEY_BYTES;
import static dev.websocket.codec.FrameHeader.MIN_HEADER;
import static dev.websocket.codec.FrameHeader.PAYLOAD_LONG;
import static dev.websocket.codec.FrameHeader.PAYLOAD_SHORT;
import static dev.websocket.codec.FrameHeader.PAYLOAD_SHORT_MAX;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Turns {@link Frame}s into bytes. I/O-free; {@link FrameEncoder} adapts it to a pipeline.
 *
 * <p>A client masks every frame with a fresh key: the header and the masked payload are written
 * into one buffer, masking fused with the copy. A server (no mask source) writes small frames into
 * one buffer and hands large payloads on without copying.
 *
 * <p>Not thread safe: one writer per connection.
 */
public final class FrameWriter {

  /**
   * Unmasked payloads up to this size are copied behind the header into one buffer: one write beats
   * a gathering write of two for small frames; larger ones are sent by reference.
   */
  static final int COPY_THRESHOLD = 1024;

  private static final int MAX_HEADER = 14;

  private final MaskKeySource maskKeys;

  /**
   * A writer that masks with keys from {@code maskKeys} (a client), or does not mask when it is
   * null (a server).
   */
  public FrameWriter(MaskKeySource maskKeys) {
    this.maskKeys = maskKeys;
  }

  /** Whether this writer masks frames. */
  public boolean masks() {
    return maskKeys != null;
  }

  /** The length of a frame header for a payload of {@code length} bytes. */
  public static int headerLength(long length, boolean masked) {
    int lengthBytes = length < PAYLOAD_SHORT ? 0 : length <= PAYLOAD_SHORT_MAX ? 2 : 8;
    return MIN_HEADER + lengthBytes + (masked ? MASK_KEY_BYTES : 0);
  }

  /** The bytes {@link #encodeInto} appends for {@code frame}: header and payload. */
  public int encodedLength(Frame frame) {
    int length = frame.payload().readableBytes();
    return headerLength(length, maskKeys != null) + length;
  }

  /**
   * Encodes a whole frame (header and masked payload) into one new buffer. The frame is not
   * released: its payload is only read.
   */
  public ByteBuf encode(Frame frame, ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(encodedLength(frame));
    try {
      encodeInto(frame, out);
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  /**
   * Appends a whole frame (header and masked payload) to {@code out}, which grows if it must.
   * Frames appended one after another form one buffer that a single write sends. The frame is not
   * released.
   */
  public void encodeInto(Frame frame, ByteBuf out) {
    ByteBuf payload = frame.payload();
    int length = payload.readableBytes();
    int key = maskKeys != null ? maskKeys.nextKey() : 0;
    out.ensureWritable(headerLength(length, maskKeys != null) + length);
    writeHeader(frame, length, key, out);
    if (maskKeys != null) {
      Masking.maskCopy(payload, payload.readerIndex(), length, out, key);
    } else {
      out.writeBytes(payload, payload.readerIndex(), length);
    }
  }

  /**
   * Encodes only the header of an unmasked frame, for a server that sends the payload by reference.
   *
   * @throws IllegalStateException on a masking writer
   */
  ByteBuf encodeHeader(Frame frame, ByteBufAllocator alloc) {
    if (maskKeys != null) {
      throw new IllegalStateException("A masking writer cannot send the payload by reference");
    }
    int length = frame.payload().readableBytes();
    ByteBuf out = alloc.buffer(MAX_HEADER);
    writeHeader(frame, length, 0, out);
    return out;
  }

  private void writeHeader(Frame frame, int length, int key, ByteBuf out) {
    int b0 =
        (frame.isFinal() ? B0_FLAG_FIN : 0) | frame.rsv() << B0_RSV_SHIFT | frame.opcode().code();
    int maskBit = maskKeys != null ? B1_FLAG_MASK : 0;
    if (length < PAYLOAD_SHORT) {
      out.writeShort(b0 << 8 | maskBit | length);
    } else if (length <= PAYLOAD_SHORT_MAX) {
      out.writeShort(b0 << 8 | maskBit | PAYLOAD_SHORT);
      out.writeShort(length);
    } else {
      out.writeShort(b0 << 8 | maskBit | PAYLOAD_LONG);
      out.writeLong(length);
    }
    if (maskKeys != null) {
      out.writeInt(key);
    }
  }
}
