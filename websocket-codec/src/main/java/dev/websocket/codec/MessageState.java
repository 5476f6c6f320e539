package dev.websocket.codec;

/**
 * The receiving side's message-level rules (RFC 6455 section 5.4): which data message is open, how
 * long it is so far, and whether its text is still valid UTF-8. Control frames never touch it.
 *
 * <p>A message's size, checked against {@link FrameDecoderConfig#maxMessageSize()}, is its cost in
 * memory: its payload bytes, but a fragment of a fragmented message costs at least {@link
 * #MIN_FRAGMENT_COST} bytes whatever its payload, since whoever holds it holds a frame and a buffer
 * too. A message of a million empty fragments is then too big long before its bookkeeping exhausts
 * a heap, while a message cut into fragments of {@code MIN_FRAGMENT_COST} bytes or more is measured
 * by its payload alone (so exactly the limit still passes). A compressed message's fragments count
 * only this minimum: its payload is limited once inflated.
 *
 * <p>Not thread safe; owned by one {@link FrameParser}.
 */
final class MessageState {

  /**
   * The least a fragment of a fragmented message costs, in bytes: about what a queued frame holds
   * besides its payload (the frame, a buffer slice, a queue node).
   */
  static final int MIN_FRAGMENT_COST = 128;

  private final FrameDecoderConfig config;
  private final Utf8Validator utf8 = new Utf8Validator();

  /** The opcode of the open message, or null between messages. */
  private Opcode open;

  private boolean compressed;

  /** The open message's cost so far: see the class comment. */
  private long cost;

  private long fragments;

  MessageState(FrameDecoderConfig config) {
    this.config = config;
  }

  /**
   * Checks a data frame's header against the open message and the size limit, and opens a new
   * message for a TEXT or BINARY frame.
   */
  void onDataHeader(Opcode opcode, boolean fin, boolean rsv1, long payloadLength) {
    if (opcode == Opcode.CONTINUATION) {
      if (open == null) {
        throw ProtocolViolationException.protocolError(
            "Continuation frame with no message to continue");
      }
    } else {
      if (open != null) {
        throw ProtocolViolationException.protocolError(
            "New " + opcode + " message while a fragmented " + open + " message is open");
      }
      open = opcode;
      compressed = rsv1;
      cost = 0;
      fragments = 0;
    }
    fragments++;
    boolean fragmented = fragments > 1 || !fin;
    // A compressed message's payload is limited once inflated, by the inflater.
    long payloadCost = compressed ? 0 : payloadLength;
    cost += fragmented ? Math.max(payloadCost, MIN_FRAGMENT_COST) : payloadCost;
    if (cost > config.maxMessageSize()) {
      throw ProtocolViolationException.tooBig(
          "Message of at least "
              + cost
              + " bytes"
              + (fragmented
                  ? " in "
                      + fragments
                      + " fragments (each counting at least "
                      + MIN_FRAGMENT_COST
                      + ")"
                  : "")
              + " exceeds the limit of "
              + config.maxMessageSize());
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
    if (validatesText()) {
      utf8.requireComplete();
    }
    open = null;
    utf8.reset();
  }
}
