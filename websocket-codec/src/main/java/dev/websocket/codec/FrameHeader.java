package dev.websocket.codec;

/**
 * The bits of a frame header (RFC 6455 section 5.2; the diagram is on {@link FrameParser}), named
 * once for the parser and the writer.
 */
final class FrameHeader {

  /** Byte 0: this is the last frame of its message. */
  static final int B0_FLAG_FIN = 0x80;

  /** Byte 0: RSV1-3 sit this far up; shifted down they are {@link Frame#rsv()}. */
  static final int B0_RSV_SHIFT = 4;

  /** Byte 0, shifted down by {@link #B0_RSV_SHIFT}: the three reserved bits. */
  static final int RSV_MASK = 0b111;

  /** Byte 0: the opcode. */
  static final int B0_MASK_OPCODE = 0x0F;

  /** Byte 1: a masking key follows the length. */
  static final int B1_FLAG_MASK = 0x80;

  /** Byte 1: the payload length, or a marker that a longer one follows. */
  static final int B1_MASK_LENGTH = 0x7F;

  /** Byte 1's length: a 16-bit length follows. */
  static final int PAYLOAD_SHORT = 126;

  /** Byte 1's length: a 64-bit length follows. */
  static final int PAYLOAD_LONG = 127;

  /** The largest length a 16-bit extended length holds. */
  static final int PAYLOAD_SHORT_MAX = 0xFFFF;

  /** The two bytes every header has. */
  static final int MIN_HEADER = 2;

  /** The masking key's size. */
  static final int MASK_KEY_BYTES = 4;

  private FrameHeader() {}
}
