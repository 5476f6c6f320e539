package dev.websocket.client.testing;

import dev.websocket.testing.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One frame exactly as the client put it on the wire, seen by the test server before any decoding:
 * FIN, the three RSV bits, the opcode (reserved values included), whether it was masked and with
 * which key, and the payload after unmasking.
 */
public final class RecordedFrame {

  private final int connection;
  private final boolean fin;
  private final int rsv;
  private final int opcode;
  private final byte[] maskKey;
  private final byte[] payload;

  RecordedFrame(int connection, boolean fin, int rsv, int opcode, byte[] maskKey, byte[] payload) {
    this.connection = connection;
    this.fin = fin;
    this.rsv = rsv;
    this.opcode = opcode;
    this.maskKey = maskKey;
    this.payload = payload;
  }

  /** The index of the server connection that received it ({@link ServerConnection#id()}). */
  public int connection() {
    return connection;
  }

  /** The FIN bit. */
  public boolean fin() {
    return fin;
  }

  /** The RSV1..RSV3 bits as a number 0..7 (RSV1 is 4). */
  public int rsv() {
    return rsv;
  }

  /** The opcode, 0..15; see the constants in {@link RawFrames}. */
  public int opcode() {
    return opcode;
  }

  /** Whether the MASK bit was set. A client must set it on every frame. */
  public boolean masked() {
    return maskKey != null;
  }

  /** The 4-byte masking key, or {@code null} when the frame was not masked. */
  public byte[] maskKey() {
    return maskKey == null ? null : maskKey.clone();
  }

  /** The payload after unmasking. */
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload decoded as UTF-8 (malformed input replaced), for text and close reasons. */
  public String text() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /** Whether this is a control frame (close, ping, pong or a reserved control opcode). */
  public boolean isControl() {
    return (opcode & 0x8) != 0;
  }

  /** The close code of a close frame with a payload of two bytes or more, else -1. */
  public int closeCode() {
    return opcode == RawFrames.CLOSE && payload.length >= 2
        ? (payload[0] & 0xff) << 8 | (payload[1] & 0xff)
        : -1;
  }

  /** The close reason of a close frame (empty when absent). */
  public String closeReason() {
    return opcode == RawFrames.CLOSE && payload.length > 2
        ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
        : "";
  }

  @Override
  public String toString() {
    String shown =
        payload.length <= 64
            ? (opcode == RawFrames.TEXT ? '"' + text() + '"' : Hex.encode(payload))
            : payload.length + " bytes";
    return "Frame{conn="
        + connection
        + " fin="
        + (fin ? 1 : 0)
        + " rsv="
        + rsv
        + " opcode="
        + opcode
        + (masked() ? " masked key=" + Hex.encode(maskKey) : " UNMASKED")
        + " payload="
        + shown
        + "}";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordedFrame f
        && f.connection == connection
        && f.fin == fin
        && f.rsv == rsv
        && f.opcode == opcode
        && Arrays.equals(f.maskKey, maskKey)
        && Arrays.equals(f.payload, payload);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(payload) * 31 + opcode;
  }
}
