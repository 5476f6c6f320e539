package dev.websocket.codec;

/**
 * The frame opcodes of RFC 6455 section 5.2. Codes 3-7 and 11-15 are reserved and have no constant:
 * {@link #of(int)} refuses them, and a frame carrying one is a protocol error.
 */
public enum Opcode {
  /** A continuation of a fragmented message (0x0). */
  CONTINUATION(0x0),
  /** A text message, UTF-8 (0x1). */
  TEXT(0x1),
  /** A binary message (0x2). */
  BINARY(0x2),
  /** The close handshake (0x8). */
  CLOSE(0x8),
  /** A ping, answered with a pong of the same payload (0x9). */
  PING(0x9),
  /** A pong, answer to a ping or an unsolicited heartbeat (0xA). */
  PONG(0xA);

  private static final Opcode[] BY_CODE = new Opcode[16];

  static {
    for (Opcode opcode : values()) {
      BY_CODE[opcode.code] = opcode;
    }
  }

  private final int code;

  Opcode(int code) {
    this.code = code;
  }

  /** The 4-bit code on the wire. */
  public int code() {
    return code;
  }

  /** True for CLOSE, PING and PONG: the opcodes with the high bit set (RFC 6455 section 5.5). */
  public boolean isControl() {
    return code >= 0x8;
  }

  /** True for TEXT and BINARY, the opcodes that start a message. */
  public boolean startsMessage() {
    return this == TEXT || this == BINARY;
  }

  /**
   * The opcode for a wire code.
   *
   * @throws IllegalArgumentException for a reserved or out-of-range code
   */
  public static Opcode of(int code) {
    Opcode opcode = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    if (opcode == null) {
      throw new IllegalArgumentException("Reserved or unknown opcode: " + code);
    }
    return opcode;
  }

  /** The opcode for a wire code, or null when the code is reserved (3-7, 11-15). */
  static Opcode ofOrNull(int code) {
    return BY_CODE[code & 0xF];
  }
}
