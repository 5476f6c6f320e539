package dev.websocket.client.conformance;

import dev.websocket.client.testing.RawFrames;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Short names for the frames the cases send (all unmasked, as a server sends them). */
final class W {

  static final int CONT = RawFrames.CONTINUATION;
  static final int TEXT = RawFrames.TEXT;
  static final int BINARY = RawFrames.BINARY;
  static final int CLOSE = RawFrames.CLOSE;
  static final int PING = RawFrames.PING;
  static final int PONG = RawFrames.PONG;

  private W() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] filled(int length, int value) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) value);
    return b;
  }

  static byte[] frame(boolean fin, int opcode, byte[] payload) {
    return RawFrames.frame(fin, 0, opcode, payload);
  }

  static byte[] text(String s) {
    return frame(true, TEXT, utf8(s));
  }

  static byte[] text(byte[] payload) {
    return frame(true, TEXT, payload);
  }

  static byte[] binary(byte[] payload) {
    return frame(true, BINARY, payload);
  }

  static byte[] ping(byte[] payload) {
    return frame(true, PING, payload);
  }

  static byte[] pong(byte[] payload) {
    return frame(true, PONG, payload);
  }

  static byte[] close(int code, String reason) {
    return RawFrames.close(code, reason);
  }

  static byte[] cat(byte[]... parts) {
    return RawFrames.concat(parts);
  }

  /** A message split into fragments of {@code size} bytes (the last may be shorter). */
  static byte[][] fragments(int opcode, byte[] payload, int size) {
    int count = Math.max(1, (payload.length + size - 1) / size);
    byte[][] frames = new byte[count][];
    for (int i = 0; i < count; i++) {
      byte[] part = Arrays.copyOfRange(payload, i * size, Math.min(payload.length, (i + 1) * size));
      frames[i] = frame(i == count - 1, i == 0 ? opcode : CONT, part);
    }
    return frames;
  }

  /** {@code n} bytes of a deterministic pseudo-random sequence (fixed seed). */
  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new java.util.SplittableRandom(seed).nextBytes(b);
    return b;
  }
}
