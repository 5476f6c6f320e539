package dev.websocket.client.conformance;

import static dev.websocket.client.conformance.ConformanceCase.of;
import static dev.websocket.client.conformance.Expectation.closeReply;
import static dev.websocket.client.conformance.Expectation.fail;

import dev.websocket.codec.CloseStatus;
import dev.websocket.testing.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Autobahn 7.*: the closing handshake. The client answers a close frame with the same code (RFC
 * 6455 section 5.5.1), ignores everything after it, and fails the connection for a close frame it
 * may not accept: a one-byte payload or a code not valid on the wire (1002), a reason that is not
 * UTF-8 (1007), a payload over 125 bytes (1002).
 */
final class CloseCases {

  private CloseCases() {}

  /** Autobahn 7.7.x, plus 1012-1014 (see the README's Conformance section). */
  static final int[] VALID_CODES = {
    1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999
  };

  /** Autobahn 7.9.x without 1012-1014, and 7.13.x. */
  static final int[] INVALID_CODES = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999};

  static Stream<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    int normal = CloseStatus.NORMAL;
    byte[] hello = W.utf8("Hello World!");
    byte[] pingPayload = W.utf8("Hello World!");
    // Autobahn sends the close right after the message; here the close waits for the echo, since
    // a client that answers the close at once may lawfully drop an echo still being sent.
    cases.add(
        of(
            "7.1.1",
            "text message, then close 1000",
            closeReply(normal, Expected.text(hello)),
            Step.send(W.text(hello)),
            Step.awaitClientFrames(1),
            Step.close(normal, "")));
    cases.add(
        of(
            "7.1.2",
            "close 1000 twice: the client answers the first only",
            closeReply(normal),
            Step.close(normal, ""),
            Step.send(W.close(normal, ""))));
    cases.add(
        of(
            "7.1.3",
            "close 1000, then a ping: not answered",
            closeReply(normal),
            Step.close(normal, ""),
            Step.send(W.ping(pingPayload))));
    cases.add(
        of(
            "7.1.4",
            "close 1000, then a text message: not echoed",
            closeReply(normal),
            Step.close(normal, ""),
            Step.send(W.text(hello))));
    cases.add(
        of(
            "7.1.5",
            "text fragment 1, close 1000, text fragment 2: nothing echoed",
            closeReply(normal),
            Step.send(W.frame(false, W.TEXT, W.utf8("fragment1"))),
            Step.close(normal, ""),
            Step.send(W.frame(true, W.CONT, W.utf8("fragment2")))));
    cases.add(
        of(
            "7.1.6",
            "256 KiB text message, close 1000, then a ping: the ping is not answered",
            closeReply(normal).judgingControlFramesOnly(),
            Step.send(W.text(W.filled(256 * 1024, 'B'))),
            Step.close(normal, ""),
            Step.send(W.ping(pingPayload))));

    cases.add(
        of(
            "7.3.1",
            "close with an empty payload: answered with an empty close",
            closeReply(Expectation.EMPTY),
            Step.send(Hex.decode("88 00  // FIN CLOSE len=0"))));
    cases.add(
        of(
            "7.3.2",
            "close with a one-byte payload",
            fail(CloseStatus.PROTOCOL_ERROR),
            Step.send(Hex.decode("88 01 03  // FIN CLOSE len=1"))));
    cases.add(
        of("7.3.3", "close 1000 without a reason", closeReply(normal), Step.close(normal, "")));
    cases.add(
        of(
            "7.3.4",
            "close 1000 with a reason",
            closeReply(normal),
            Step.close(normal, "Hello World!")));
    cases.add(
        of(
            "7.3.5",
            "close 1000 with a reason of 123 bytes",
            closeReply(normal),
            Step.close(normal, "*".repeat(123))));
    cases.add(
        of(
            "7.3.6",
            "close 1000 with a reason of 124 bytes (payload 126)",
            fail(CloseStatus.PROTOCOL_ERROR),
            Step.send(W.close(normal, "*".repeat(124)))));
    byte[] invalidReason =
        W.cat(
            Hex.decode("03 e8"),
            Hex.decode("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64"));
    cases.add(
        of(
            "7.5.1",
            "close 1000 with a reason that is not UTF-8",
            fail(CloseStatus.INVALID_PAYLOAD),
            Step.send(W.frame(true, W.CLOSE, invalidReason))));

    for (int i = 0; i < VALID_CODES.length; i++) {
      int code = VALID_CODES[i];
      cases.add(
          of(
              "7.7." + (i + 1),
              "close " + code + ": answered with " + code,
              closeReply(code),
              Step.close(code, "")));
    }
    for (int i = 0; i < INVALID_CODES.length; i++) {
      int code = INVALID_CODES[i];
      cases.add(
          of(
              "7.9." + (i + 1),
              "close " + code + " (not valid on the wire)",
              fail(CloseStatus.PROTOCOL_ERROR),
              Step.send(W.close(code, ""))));
    }
    cases.add(
        of(
            "7.13.1",
            "close 5000 (out of range)",
            fail(CloseStatus.PROTOCOL_ERROR),
            Step.send(W.close(5000, ""))));
    cases.add(
        of(
            "7.13.2",
            "close 65535 (out of range)",
            fail(CloseStatus.PROTOCOL_ERROR),
            Step.send(W.close(65535, ""))));
    // Not in Autobahn: data after the close is ignored even when it is invalid.
    cases.add(
        of(
            "7.14.1",
            "close 1000, then a frame with a reserved opcode: ignored (not in Autobahn)",
            closeReply(normal),
            Step.close(normal, ""),
            Step.send(W.frame(true, 5, new byte[0]))));
    cases.add(
        of(
            "7.14.2",
            "close 1000 in 1-byte chops with a multi-byte reason (not in Autobahn)",
            closeReply(normal),
            Step.sendChopped(W.close(normal, "κόσμε"), 1)));
    return cases.stream();
  }
}
