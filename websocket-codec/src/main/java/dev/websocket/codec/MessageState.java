package dev.websocket.codec;

/**
 * The receiving side's message-level rules (RFC 6455 section 5.4): which data message is open,
 * how long it is so far, and whether its text is still valid UTF-8. Control frames never touch it.
 *
 * <p>Not thread safe; owned by one {@link FrameParser}.
 */
final class MessageState {

  private final FrameDecoderConfig config;
  private final Utf8Validator utf8 = new Utf8Validator();

  /** The opcode of the open message, or null between messages. */
  private Opcode open;
  private boolean compressed;
  private long length;

  MessageState(FrameDecoderConfig config) {
    this.config = config;
  }

  /**
   * Checks a data frame's header against the open message and the size limit, and opens a new
   * message for a TEXT or BINARY frame.
   */
  void onDataHeader(Opcode opcode, boolean rsv1, long payloadLength) {
    if (opcode == Opcode.CONTINUATION) {
      if (open == null) {
        throw ProtocolViolationException.protocolError("Continuation frame with no message to continue");
      }
    } else {
      if (open != null) {
        throw ProtocolViolationException.protocolError(
            "New " + opcode + " message while a fragmented " + open + " message is open");
      }
      open = opcode;
      compressed = rsv1;
      length = 0;
    }
    length += payloadLength;
    // A compressed message's limit applies to its inflated size, checked by the inflater.
    if (!compressed && length > config.maxMessageSize()) {
      throw ProtocolViolationException.tooBig(
          "Message of at least " + length + " bytes exceeds the limit of " + config.maxMessageSize());
    }
  }

  /** Whether the open message's payload bytes must be checked as UTF-8 as they arrive. */
  boolean validatesText() {
    return open == Opcode.TEXT && !compressed && config.validateUtf8();
  }

  /** The validator for the open text message. */
  Utf8Validator utf8() {
    return utf8;
  }

  /** Closes the open message after its final frame; checks that its text ended on a character. */
  void onDataFrameEnd(boolean fin) {
    if (!fin) {
      return;
    }
    if (validatesText() && !utf8.isComplete()) {
      throw ProtocolViolationException.invalidPayload("Text message ends inside a UTF-8 sequence");
    }
    open = null;
    utf8.reset();
  }
}
