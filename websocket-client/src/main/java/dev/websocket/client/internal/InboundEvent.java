package dev.websocket.client.internal;

import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.ProtocolViolationException;

/**
 * What a blocking reader takes from the {@link InboundQueue}, in wire order: frames, then at most
 * one of a violation or a failure, then the end.
 */
public sealed interface InboundEvent {

  /**
   * A frame as it arrived (data unjoined; control frames after the connection acted on them); the
   * taker owns it.
   */
  record Received(Frame frame) implements InboundEvent {}

  /**
   * A whole TEXT or BINARY message that came as one small frame, its payload copied off the read
   * buffer on the event loop (which released the frame): the reader touches no buffer the loop
   * shares.
   */
  record Whole(Opcode opcode, byte[] payload) implements InboundEvent {}

  /**
   * The server broke the protocol here; the reader fails the connection with its code on reaching
   * it.
   */
  record Violation(ProtocolViolationException violation) implements InboundEvent {}

  /** An I/O failure (reset, TLS alert); the connection closes next. */
  record Failure(Throwable cause) implements InboundEvent {}

  /**
   * The end: TCP closed, or the user closed or aborted. Stays at the head of the queue for every
   * later read.
   */
  record Closed(CloseOutcome outcome) implements InboundEvent {}
}
