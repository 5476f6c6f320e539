package dev.websocket.client.conformance;

import static dev.websocket.client.conformance.ConformanceCase.of;
import static dev.websocket.client.conformance.Expectation.fail;

import dev.websocket.client.testing.RawFrames;
import dev.websocket.codec.CloseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Autobahn 3.*: reserved bits without a negotiated extension fail the connection with 1002; what
 * came before is echoed, what comes after (a ping) is not answered.
 */
final class ReservedBitsCases {

  private ReservedBitsCases() {}

  static Stream<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    byte[] hello = W.utf8("Hello, world!");
    byte[] ping = W.ping(hello);
    cases.add(
        of(
            "3.1",
            "text message with RSV = 1",
            fail(CloseStatus.PROTOCOL_ERROR),
            Step.send(RawFrames.frame(true, 1, W.TEXT, hello))));
    cases.add(
        of(
            "3.2",
            "text message, then text message with RSV = 2, then ping",
            fail(CloseStatus.PROTOCOL_ERROR, Expected.text(hello)),
            Step.send(W.text(hello)),
            Step.awaitClientFrames(1),
            Step.send(W.cat(RawFrames.frame(true, 2, W.TEXT, hello), ping))));
    cases.add(
        of(
            "3.3",
            "text message, then text message with RSV = 3, then ping, frame-wise chops",
            fail(CloseStatus.PROTOCOL_ERROR, Expected.text(hello)),
            Step.send(W.text(hello)),
            Step.awaitClientFrames(1),
            Step.sendFramewise(RawFrames.frame(true, 3, W.TEXT, hello), ping)));
    cases.add(
        of(
            "3.4",
            "text message, then text message with RSV = 4, then ping, octet-wise chops",
            fail(CloseStatus.PROTOCOL_ERROR, Expected.text(hello)),
            Step.send(W.text(hello)),
            Step.awaitClientFrames(1),
            Step.sendChopped(W.cat(RawFrames.frame(true, 4, W.TEXT, hello), ping), 1)));
    cases.add(
        of(
            "3.5",
            "binary message with RSV = 5",
            fail(CloseStatus.PROTOCOL_ERROR),
            Step.send(RawFrames.frame(true, 5, W.BINARY, W.filled(8, 0xff)))));
    cases.add(
        of(
            "3.6",
            "ping with RSV = 6",
            fail(CloseStatus.PROTOCOL_ERROR),
            Step.send(RawFrames.frame(true, 6, W.PING, hello))));
    cases.add(
        of(
            "3.7",
            "close with RSV = 7",
            fail(CloseStatus.PROTOCOL_ERROR),
            Step.send(RawFrames.frame(true, 7, W.CLOSE, RawFrames.closePayload(1000, "")))));
    // Not in Autobahn: each RSV value on a continuation and on a pong.
    for (int rsv = 1; rsv <= 7; rsv++) {
      cases.add(
          of(
              "3.8." + rsv,
              "continuation with RSV = " + rsv + " inside a text message (not in Autobahn)",
              fail(CloseStatus.PROTOCOL_ERROR),
              Step.send(
                  W.cat(
                      W.frame(false, W.TEXT, hello), RawFrames.frame(true, rsv, W.CONT, hello)))));
      cases.add(
          of(
              "3.9." + rsv,
              "pong with RSV = " + rsv + " (not in Autobahn)",
              fail(CloseStatus.PROTOCOL_ERROR),
              Step.send(RawFrames.frame(true, rsv, W.PONG, hello))));
    }
    cases.addAll(
        WireOrder.cases(
            "3.10",
            "text message with RSV = 2",
            RawFrames.frame(true, 2, W.TEXT, hello),
            CloseStatus.PROTOCOL_ERROR));
    cases.addAll(
        WireOrder.cases(
            "3.11",
            "text message with RSV = 3",
            RawFrames.frame(true, 3, W.TEXT, hello),
            CloseStatus.PROTOCOL_ERROR));
    return cases.stream();
  }
}
