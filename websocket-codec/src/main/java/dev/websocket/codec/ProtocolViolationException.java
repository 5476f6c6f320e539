package dev.websocket.codec;

import io.netty.handler.codec.DecoderException;

/**
 * The peer broke RFC 6455 (or RFC 7692): the connection must be failed with {@link #closeStatus()}.
 *
 * <p>It extends Netty's {@link DecoderException} so that a decoder may throw it unwrapped through
 * the pipeline. The message is one sentence naming the rule that was broken; tests assert on it.
 */
public class ProtocolViolationException extends DecoderException {
  private static final long serialVersionUID = 1L;

  /** The status code of the close frame that fails the connection. */
  private final int closeStatus;

  /**
   * A violation to be answered with {@code closeStatus}, e.g. {@link CloseStatus#PROTOCOL_ERROR}.
   */
  public ProtocolViolationException(int closeStatus, String message) {
    super(message);
    this.closeStatus = closeStatus;
  }

  /** A violation with its underlying cause (a failed inflater, say). */
  public ProtocolViolationException(int closeStatus, String message, Throwable cause) {
    super(message, cause);
    this.closeStatus = closeStatus;
  }

  /** The status code to send in the close frame that fails the connection. */
  public int closeStatus() {
    return closeStatus;
  }

  static ProtocolViolationException protocolError(String message) {
    return new ProtocolViolationException(CloseStatus.PROTOCOL_ERROR, message);
  }

  static ProtocolViolationException invalidPayload(String message) {
    return new ProtocolViolationException(CloseStatus.INVALID_PAYLOAD, message);
  }

  static ProtocolViolationException tooBig(String message) {
    return new ProtocolViolationException(CloseStatus.MESSAGE_TOO_BIG, message);
  }
}
