package dev.websocket.codec;

import static dev.websocket.codec.FrameHeader.B0_FLAG_FIN;
import static dev.websocket.codec.FrameHeader.B0_MASK_OPCODE;
import static dev.websocket.codec.FrameHeader.B0_RSV_SHIFT;
import static dev.websocket.codec.FrameHeader.B1_FLAG_MASK;
import static dev.websocket.codec.FrameHeader.B1_MASK_LENGTH;
import static dev.websocket.codec.FrameHeader.MASK_KEY_BYTES;
import static dev.websocket.codec.FrameHeader.MIN_HEADER;
import static dev.websocket.codec.FrameHeader.PAYLOAD_LONG;
import static dev.websocket.codec.FrameHeader.PAYLOAD_SHORT;
import static dev.websocket.codec.FrameHeader.RSV_MASK;

import io.netty.buffer.ByteBuf;

/**
 * Turns bytes into {@link Frame}s: a state machine fed arbitrary chunks, down to one byte at a
 * time. I/O-free; {@link FrameDecoder} adapts it to a Netty pipeline.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 * | |1|2|3|       |K|             |                               |
 * +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 * |     Extended payload length continued, if payload len == 127  |
 * + - - - - - - - - - - - - - - - +-------------------------------+
 * |                               |Masking-key, if MASK set to 1  |
 * +-------------------------------+-------------------------------+
 * | Masking-key (continued)       |          Payload Data         |
 * +-------------------------------- - - - - - - - - - - - - - - - +
 * </pre>
 *
 * <p>Every rule is checked as soon as the bytes that decide it have arrived: a frame's header is
 * judged (opcode, reserved bits, control-frame rules, masking, size limits, fragmentation order)
 * before any of its payload is buffered, and a text payload is checked as UTF-8 as it arrives, so a
 * bad byte fails the connection before the frame completes. A broken rule throws a {@link
 * ProtocolViolationException} carrying the close code; after that the parser discards all input.
 *
 * <p>Not thread safe: one parser per connection.
 */
public final class FrameParser {

  private enum State {
    HEADER,
    PAYLOAD,
    FAILED
  }

  private final FrameDecoderConfig config;
  private final MessageState message;

  private State state = State.HEADER;
  private boolean fin;
  private int rsv;
  private Opcode opcode;
  private boolean masked;
  private int mask;
  private int payloadLength;

  /** Payload bytes already unmasked and checked in place while the frame was incomplete. */
  private int processed;

  /** A parser applying {@code config}'s rules. */
  public FrameParser(FrameDecoderConfig config) {
    this.config = config;
    this.message = new MessageState(config);
  }

  /**
   * Reads the next frame from {@code in}, if it is complete.
   *
   * @return the frame, its payload a retained slice of {@code in}; or null when more bytes are
   *     needed. The header is consumed once whole; the payload only once the frame is complete.
   * @throws ProtocolViolationException when the bytes break the protocol or a limit
   */
  public Frame parse(ByteBuf in) {
    try {
      switch (state) {
        case HEADER:
          if (!readHeader(in)) {
            return null;
          }
        // fall through: the payload may already be here
        case PAYLOAD:
          return readPayload(in);
        default:
          in.skipBytes(in.readableBytes());
          return null;
      }
    } catch (ProtocolViolationException e) {
      state = State.FAILED;
      throw e;
    }
  }

  /** True once a violation was thrown; the parser then discards everything. */
  public boolean hasFailed() {
    return state == State.FAILED;
  }

  /** The payload length of the frame being read once its header is in; -1 between frames. */
  int payloadLengthInProgress() {
    return state == State.PAYLOAD ? payloadLength : -1;
  }

  private boolean readHeader(ByteBuf in) {
    int readable = in.readableBytes();
    if (readable < MIN_HEADER) {
      return false;
    }
    int start = in.readerIndex();
    int b0 = in.getUnsignedByte(start);
    int b1 = in.getUnsignedByte(start + 1);
    int lengthCode = b1 & B1_MASK_LENGTH;
    boolean hasMask = (b1 & B1_FLAG_MASK) != 0;
    int headerLength =
        MIN_HEADER
            + (lengthCode == PAYLOAD_SHORT ? 2 : lengthCode == PAYLOAD_LONG ? 8 : 0)
            + (hasMask ? MASK_KEY_BYTES : 0);
    // Judge what the first two bytes decide even before the rest of the header is here.
    Opcode op = checkFirstBytes(b0, lengthCode, hasMask);
    if (readable < headerLength) {
      return false;
    }
    long length = lengthCode;
    if (lengthCode == PAYLOAD_SHORT) {
      length = in.getUnsignedShort(start + 2);
    } else if (lengthCode == PAYLOAD_LONG) {
      length = in.getLong(start + 2);
      if (length < 0) {
        throw ProtocolViolationException.protocolError(
            "Frame length has the most significant bit set");
      }
    }
    if (length > config.maxFrameSize()) {
      throw ProtocolViolationException.tooBig(
          "Frame of " + length + " bytes exceeds the limit of " + config.maxFrameSize());
    }
    boolean isFinal = (b0 & B0_FLAG_FIN) != 0;
    int bits = (b0 >> B0_RSV_SHIFT) & RSV_MASK;
    if (op == Opcode.CLOSE && length == 1) {
      throw ProtocolViolationException.protocolError("Close frame payload of one byte");
    }
    if (!op.isControl()) {
      message.onDataHeader(op, isFinal, (bits & Frame.RSV1) != 0, length);
    }
    in.skipBytes(headerLength);
    fin = isFinal;
    rsv = bits;
    opcode = op;
    masked = hasMask;
    mask = hasMask ? in.getInt(in.readerIndex() - MASK_KEY_BYTES) : 0;
    payloadLength = (int) length;
    processed = 0;
    state = State.PAYLOAD;
    return true;
  }

  /** The checks decided by the first two bytes alone. */
  private Opcode checkFirstBytes(int b0, int lengthCode, boolean hasMask) {
    Opcode op = Opcode.ofOrNull(b0 & B0_MASK_OPCODE);
    if (op == null) {
      throw ProtocolViolationException.protocolError("Reserved opcode " + (b0 & B0_MASK_OPCODE));
    }
    int bits = (b0 >> B0_RSV_SHIFT) & RSV_MASK;
    int unexpected = bits & ~config.allowedRsv();
    if (unexpected != 0) {
      throw ProtocolViolationException.protocolError(
          "Reserved bits set without a negotiated extension: " + rsvNames(unexpected));
    }
    if ((bits & Frame.RSV1) != 0 && !op.startsMessage()) {
      throw ProtocolViolationException.protocolError("RSV1 set on a " + op + " frame");
    }
    if (op.isControl()) {
      if ((b0 & B0_FLAG_FIN) == 0) {
        throw ProtocolViolationException.protocolError("Fragmented control frame");
      }
      if (lengthCode > Frame.MAX_CONTROL_PAYLOAD) {
        throw ProtocolViolationException.protocolError(
            "Control frame payload longer than 125 bytes");
      }
    }
    if (hasMask != config.expectMaskedFrames()) {
      throw ProtocolViolationException.protocolError(
          hasMask ? "Masked frame from server" : "Unmasked frame from client");
    }
    return op;
  }

  private Frame readPayload(ByteBuf in) {
    int available = Math.min(in.readableBytes(), payloadLength);
    if (processed < available) {
      process(in, in.readerIndex() + processed, available - processed);
      processed = available;
    }
    if (available < payloadLength) {
      return null;
    }
    ByteBuf payload = in.readRetainedSlice(payloadLength);
    try {
      if (opcode == Opcode.CLOSE) {
        ClosePayload.parse(payload, config.validateUtf8());
      } else if (!opcode.isControl()) {
        message.onDataFrameEnd(fin);
      }
      Frame frame = new Frame(opcode, fin, rsv, payload);
      payload = null;
      state = State.HEADER;
      return frame;
    } finally {
      if (payload != null) {
        payload.release();
      }
    }
  }

  /** Unmasks newly arrived payload bytes in place and checks them if they are text. */
  private void process(ByteBuf in, int index, int length) {
    if (masked) {
      Masking.maskInPlace(in, index, length, Masking.rotate(mask, processed));
    }
    if (opcode.isControl()) {
      return;
    }
    if (message.validatesText()) {
      int bad = message.utf8().feed(in, index, index + length);
      if (bad != Utf8Validator.VALID) {
        throw ProtocolViolationException.invalidPayload(
            "Invalid UTF-8 in text message at frame offset " + (processed + bad - index));
      }
    }
  }

  private static String rsvNames(int bits) {
    StringBuilder sb = new StringBuilder();
    if ((bits & Frame.RSV1) != 0) {
      sb.append("RSV1");
    }
    if ((bits & Frame.RSV2) != 0) {
      sb.append(sb.length() > 0 ? "+" : "").append("RSV2");
    }
    if ((bits & Frame.RSV3) != 0) {
      sb.append(sb.length() > 0 ? "+" : "").append("RSV3");
    }
    return sb.toString();
  }
}
