package dev.websocket.client;

/** A whole received message: text or binary, its fragments joined. */
public interface Message {

  /** True for a TEXT message, false for BINARY. */
  boolean isText();

  /** The message as text: a TEXT message's content, or a BINARY one decoded as UTF-8. */
  String text();

  /** The message's bytes (UTF-8 for text); a fresh array the caller may keep. */
  byte[] bytes();
}
