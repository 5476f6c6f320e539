package dev.websocket.client.conformance;

import dev.websocket.client.testing.RawFrames;
import dev.websocket.testing.Hex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A frame the client must send (after inflating, when it compressed it): opcode and payload, and,
 * for compression cases, whether RSV1 must be set.
 */
record Expected(int opcode, byte[] payload, Boolean rsv1) {

  static Expected text(byte[] utf8) {
    return new Expected(RawFrames.TEXT, utf8, null);
  }

  static Expected text(String text) {
    return text(text.getBytes(StandardCharsets.UTF_8));
  }

  static Expected binary(byte[] payload) {
    return new Expected(RawFrames.BINARY, payload, null);
  }

  static Expected pong(byte[] payload) {
    return new Expected(RawFrames.PONG, payload, null);
  }

  /** The same frame, which must (true) or must not (false) have RSV1 set. */
  Expected compressed(boolean rsv1) {
    return new Expected(opcode, payload, rsv1);
  }

  static List<Expected> times(int n, Expected e) {
    return new ArrayList<>(Collections.nCopies(n, e));
  }

  @Override
  public String toString() {
    String shown = payload.length <= 32 ? Hex.encode(payload) : payload.length + " bytes";
    return "opcode=" + opcode + " payload=" + shown + (rsv1 == null ? "" : " rsv1=" + rsv1);
  }
}
