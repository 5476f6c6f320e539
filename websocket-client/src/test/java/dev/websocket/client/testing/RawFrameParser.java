package dev.websocket.client.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a byte stream into frames without judging them: masked or not, reserved bits, reserved
 * opcodes and oversized control frames are all reported as they are. It has no I/O, so the {@link
 * FrameTap} can feed it whatever each read delivered.
 *
 * <p>A frame longer than {@code maxPayload} stops the parser for good (it reports {@link
 * #overflowed()}), so a hostile length cannot make the recorder allocate gigabytes.
 */
final class RawFrameParser {

  private final int connection;
  private final long maxPayload;
  private byte[] buffer = new byte[256];
  private int length;
  private boolean overflowed;

  RawFrameParser(int connection, long maxPayload) {
    this.connection = connection;
    this.maxPayload = maxPayload;
  }

  /** Appends bytes and returns every frame that is now complete. */
  List<RecordedFrame> feed(byte[] bytes, int offset, int count) {
    if (overflowed) {
      return List.of();
    }
    append(bytes, offset, count);
    List<RecordedFrame> frames = new ArrayList<>();
    int position = 0;
    while (true) {
      int consumed = parseOne(position, frames);
      if (consumed <= 0) {
        break;
      }
      position += consumed;
    }
    System.arraycopy(buffer, position, buffer, 0, length - position);
    length -= position;
    return frames;
  }

  /** Whether a frame longer than the limit was met and parsing stopped. */
  boolean overflowed() {
    return overflowed;
  }

  /** Bytes of an incomplete frame still held. */
  int pending() {
    return length;
  }

  /** Parses the frame at {@code start}; returns its size, or 0 when it is not complete yet. */
  private int parseOne(int start, List<RecordedFrame> out) {
    int available = length - start;
    if (available < 2) {
      return 0;
    }
    int b0 = buffer[start] & 0xff;
    int b1 = buffer[start + 1] & 0xff;
    boolean masked = (b1 & 0x80) != 0;
    int headerSize = 2;
    long payloadLength = b1 & 0x7f;
    if (payloadLength == 126) {
      headerSize += 2;
      if (available < headerSize) {
        return 0;
      }
      payloadLength = (buffer[start + 2] & 0xff) << 8 | (buffer[start + 3] & 0xff);
    } else if (payloadLength == 127) {
      headerSize += 8;
      if (available < headerSize) {
        return 0;
      }
      payloadLength = 0;
      for (int i = 0; i < 8; i++) {
        payloadLength = payloadLength << 8 | (buffer[start + 2 + i] & 0xff);
      }
    }
    if (payloadLength < 0 || payloadLength > maxPayload) {
      overflowed = true;
      length = 0;
      return 0;
    }
    if (masked) {
      headerSize += 4;
    }
    long frameSize = headerSize + payloadLength;
    if (available < frameSize) {
      return 0;
    }
    byte[] maskKey =
        masked ? Arrays.copyOfRange(buffer, start + headerSize - 4, start + headerSize) : null;
    byte[] payload = Arrays.copyOfRange(buffer, start + headerSize, (int) (start + frameSize));
    if (masked) {
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= maskKey[i & 3];
      }
    }
    out.add(
        new RecordedFrame(connection, (b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0xf, maskKey, payload));
    return (int) frameSize;
  }

  private void append(byte[] bytes, int offset, int count) {
    if (length + count > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
    }
    System.arraycopy(bytes, offset, buffer, length, count);
    length += count;
  }
}
