package dev.websocket.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The body of a CLOSE frame (RFC 6455 section 5.5.1): nothing, or a two-byte status code followed
 * by a UTF-8 reason.
 */
public final class ClosePayload {

  /** A close frame with an empty body: the status is {@link CloseStatus#STATUS_NOT_AVAILABLE}. */
  public static final ClosePayload EMPTY = new ClosePayload(CloseStatus.STATUS_NOT_AVAILABLE, "");

  private final int status;
  private final String reason;

  private ClosePayload(int status, String reason) {
    this.status = status;
    this.reason = reason;
  }

  /** A payload value; no wire checks (use {@link #encode} to build a frame body). */
  public static ClosePayload of(int status, String reason) {
    return new ClosePayload(status, Objects.requireNonNull(reason, "reason"));
  }

  /** The status code, or {@link CloseStatus#STATUS_NOT_AVAILABLE} for an empty body. */
  public int status() {
    return status;
  }

  /** The reason, possibly empty. */
  public String reason() {
    return reason;
  }

  /** Whether the frame carried a status code. */
  public boolean hasStatus() {
    return status != CloseStatus.STATUS_NOT_AVAILABLE;
  }

  /**
   * Parses the readable bytes of a close frame's payload without moving its indices.
   *
   * @param validateUtf8 whether to check the reason (RFC 6455 requires it; 1007 when invalid)
   * @throws ProtocolViolationException 1002 for a one-byte body or a code not valid on the wire,
   *     1007 for a reason that is not UTF-8
   */
  public static ClosePayload parse(ByteBuf payload, boolean validateUtf8) {
    int length = payload.readableBytes();
    if (length == 0) {
      return EMPTY;
    }
    if (length == 1) {
      throw ProtocolViolationException.protocolError("Close frame payload of one byte");
    }
    int start = payload.readerIndex();
    int status = payload.getUnsignedShort(start);
    if (!CloseStatus.isValidOnWire(status)) {
      throw ProtocolViolationException.protocolError(
          "Close status not valid on the wire: " + status);
    }
    if (validateUtf8) {
      Utf8Validator validator = new Utf8Validator();
      if (validator.feed(payload, start + 2, start + length) != Utf8Validator.VALID
          || !validator.isComplete()) {
        throw ProtocolViolationException.invalidPayload("Close reason is not valid UTF-8");
      }
    }
    String reason = payload.toString(start + 2, length - 2, StandardCharsets.UTF_8);
    return new ClosePayload(status, reason);
  }

  /**
   * Encodes a status code and reason as a close frame body.
   *
   * @throws IllegalArgumentException if the code may not be sent, or the reason exceeds {@value
   *     Frame#MAX_CLOSE_REASON_BYTES} UTF-8 bytes
   */
  public static ByteBuf encode(int status, String reason) {
    if (!CloseStatus.isValidOnWire(status)) {
      throw new IllegalArgumentException("Close status may not be sent on the wire: " + status);
    }
    byte[] utf8 = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > Frame.MAX_CLOSE_REASON_BYTES) {
      throw new IllegalArgumentException(
          "Close reason is "
              + utf8.length
              + " bytes in UTF-8; the limit is "
              + Frame.MAX_CLOSE_REASON_BYTES);
    }
    ByteBuf body = Unpooled.buffer(2 + utf8.length);
    body.writeShort(status).writeBytes(utf8);
    return body;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClosePayload
        && ((ClosePayload) o).status == status
        && ((ClosePayload) o).reason.equals(reason);
  }

  @Override
  public int hashCode() {
    return status * 31 + reason.hashCode();
  }

  @Override
  public String toString() {
    return reason.isEmpty()
        ? CloseStatus.name(status)
        : CloseStatus.name(status) + " \"" + reason + '"';
  }
}
