package dev.websocket.client;

import dev.websocket.codec.Opcode;

/**
 * A received frame or message at the level of opcodes (Python's {@code recv_data}): data messages,
 * and, when asked for, PING, PONG and CLOSE frames.
 */
public interface Data {

  /**
   * The opcode: TEXT or BINARY for messages (CONTINUATION for later fragments when frames are fired
   * one by one), or a control opcode.
   */
  Opcode opcode();

  /**
   * The payload; a fresh array the caller may keep. For CLOSE: the two-byte status and the reason.
   */
  byte[] data();

  /** FIN: false only for a non-final fragment, when fragments are delivered one by one. */
  boolean isFinal();
}
