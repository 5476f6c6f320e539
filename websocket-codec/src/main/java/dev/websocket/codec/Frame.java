package dev.websocket.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * One WebSocket frame (RFC 6455 section 5.2): FIN, the three reserved bits, the opcode and the
 * unmasked payload. Masking is a property of the wire, not of the frame: the encoder applies it.
 *
 * <p>The payload is a reference-counted {@link ByteBuf} with exactly one owner: whoever holds the
 * frame releases it (or passes it on, which passes the duty on). Frames the decoder emits hold
 * slices of the inbound buffer, not copies.
 */
public final class Frame extends DefaultByteBufHolder {

  /** The largest payload of a control frame (RFC 6455 section 5.5). */
  public static final int MAX_CONTROL_PAYLOAD = 125;

  /** The largest close reason in UTF-8 bytes: a control payload less the two-byte status code. */
  public static final int MAX_CLOSE_REASON_BYTES = MAX_CONTROL_PAYLOAD - 2;

  /** RSV1, the bit permessage-deflate uses to mark a compressed message (RFC 7692 section 6). */
  public static final int RSV1 = 0b100;

  /** RSV2. */
  public static final int RSV2 = 0b010;

  /** RSV3. */
  public static final int RSV3 = 0b001;

  private final Opcode opcode;
  private final boolean fin;

  /** A byte, not an int: the frame then takes 24 bytes of heap, not 32. */
  private final byte rsv;

  /**
   * A frame with every field given.
   *
   * @param rsv the three reserved bits as {@code RSV1 | RSV2 | RSV3}
   * @param payload taken over by the frame: the caller no longer releases it
   */
  public Frame(Opcode opcode, boolean fin, int rsv, ByteBuf payload) {
    super(payload);
    if (opcode == null) {
      throw new NullPointerException("opcode");
    }
    if ((rsv & ~0b111) != 0) {
      throw new IllegalArgumentException("rsv must fit in three bits: " + rsv);
    }
    this.opcode = opcode;
    this.fin = fin;
    this.rsv = (byte) rsv;
  }

  /** A final frame without reserved bits. */
  public Frame(Opcode opcode, ByteBuf payload) {
    this(opcode, true, 0, payload);
  }

  /** A final TEXT frame holding {@code text} in UTF-8. */
  public static Frame text(String text) {
    return new Frame(Opcode.TEXT, Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** A final TEXT frame over an already encoded UTF-8 payload (taken over). */
  public static Frame text(ByteBuf utf8) {
    return new Frame(Opcode.TEXT, utf8);
  }

  /** A final BINARY frame wrapping {@code data} (not copied: do not change it until written). */
  public static Frame binary(byte[] data) {
    return new Frame(Opcode.BINARY, Unpooled.wrappedBuffer(data));
  }

  /** A final BINARY frame (payload taken over). */
  public static Frame binary(ByteBuf data) {
    return new Frame(Opcode.BINARY, data);
  }

  /** A continuation frame (payload taken over). */
  public static Frame continuation(boolean fin, ByteBuf data) {
    return new Frame(Opcode.CONTINUATION, fin, 0, data);
  }

  /** A PING frame (payload taken over). */
  public static Frame ping(ByteBuf payload) {
    return new Frame(Opcode.PING, checkControlPayload(payload));
  }

  /** A PONG frame (payload taken over). */
  public static Frame pong(ByteBuf payload) {
    return new Frame(Opcode.PONG, checkControlPayload(payload));
  }

  /** A CLOSE frame with no status code (an empty payload). */
  public static Frame close() {
    return new Frame(Opcode.CLOSE, Unpooled.EMPTY_BUFFER);
  }

  /**
   * A CLOSE frame carrying a status code and a reason.
   *
   * @throws IllegalArgumentException if the code may not be sent on the wire, or the reason is
   *     longer than {@value #MAX_CLOSE_REASON_BYTES} bytes in UTF-8
   */
  public static Frame close(int status, String reason) {
    return new Frame(Opcode.CLOSE, ClosePayload.encode(status, reason));
  }

  private static ByteBuf checkControlPayload(ByteBuf payload) {
    if (payload.readableBytes() > MAX_CONTROL_PAYLOAD) {
      int length = payload.readableBytes();
      payload.release();
      throw new IllegalArgumentException(
          "Control frame payload is " + length + " bytes; the limit is " + MAX_CONTROL_PAYLOAD);
    }
    return payload;
  }

  /** The opcode. */
  public Opcode opcode() {
    return opcode;
  }

  /** FIN: whether this is the last frame of its message. Control frames are always final. */
  public boolean isFinal() {
    return fin;
  }

  /** The reserved bits as {@code RSV1 | RSV2 | RSV3}. */
  public int rsv() {
    return rsv;
  }

  /** RSV1, set on the first frame of a compressed message. */
  public boolean rsv1() {
    return (rsv & RSV1) != 0;
  }

  /** RSV2. */
  public boolean rsv2() {
    return (rsv & RSV2) != 0;
  }

  /** RSV3. */
  public boolean rsv3() {
    return (rsv & RSV3) != 0;
  }

  /** The payload, unmasked; the same buffer as {@link #content()}. */
  public ByteBuf payload() {
    return content();
  }

  /** The payload length in bytes. */
  public int length() {
    return content().readableBytes();
  }

  /** The payload decoded as UTF-8 (for TEXT frames and traces). */
  public String text() {
    return content().toString(StandardCharsets.UTF_8);
  }

  /**
   * The status and reason of a CLOSE frame.
   *
   * @throws IllegalStateException if this is not a CLOSE frame
   * @throws ProtocolViolationException if the payload is malformed
   */
  public ClosePayload closePayload() {
    if (opcode != Opcode.CLOSE) {
      throw new IllegalStateException("Not a close frame: " + opcode);
    }
    return ClosePayload.parse(content(), true);
  }

  /** The same header over another payload (taken over); this frame is left as it is. */
  @Override
  public Frame replace(ByteBuf payload) {
    return new Frame(opcode, fin, rsv, payload);
  }

  /** The same frame with other reserved bits, sharing (and taking over) this frame's payload. */
  public Frame withRsv(int newRsv) {
    return new Frame(opcode, fin, newRsv, content());
  }

  @Override
  public Frame copy() {
    return (Frame) super.copy();
  }

  @Override
  public Frame duplicate() {
    return (Frame) super.duplicate();
  }

  @Override
  public Frame retainedDuplicate() {
    return (Frame) super.retainedDuplicate();
  }

  @Override
  public Frame retain() {
    super.retain();
    return this;
  }

  @Override
  public Frame retain(int increment) {
    super.retain(increment);
    return this;
  }

  @Override
  public Frame touch() {
    super.touch();
    return this;
  }

  @Override
  public Frame touch(Object hint) {
    super.touch(hint);
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Frame)) {
      return false;
    }
    Frame other = (Frame) o;
    return opcode == other.opcode && fin == other.fin && rsv == other.rsv && super.equals(o);
  }

  @Override
  public int hashCode() {
    return (super.hashCode() * 31 + opcode.hashCode()) * 31 + (fin ? 1 : 0) * 8 + rsv;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Frame(").append(opcode);
    if (!fin) {
      sb.append(", fin=0");
    }
    if (rsv != 0) {
      sb.append(", rsv=").append(Integer.toBinaryString(rsv));
    }
    if (refCnt() > 0) {
      sb.append(", length=").append(content().readableBytes());
    } else {
      sb.append(", released");
    }
    return sb.append(')').toString();
  }
}
