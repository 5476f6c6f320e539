package dev.websocket.client.conformance;

import static dev.websocket.client.conformance.ConformanceCase.of;
import static dev.websocket.client.conformance.Expectation.echo;
import static dev.websocket.client.conformance.Expectation.fail;

import dev.websocket.codec.CloseStatus;
import dev.websocket.testing.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Autobahn 2.*: pings are answered with pongs of the same payload; pongs are ignored. */
final class PingCases {

  private PingCases() {}

  static Stream<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    byte[] hello = W.utf8("Hello, world!");
    byte[] small = Hex.decode("00 ff fe fd fc fb 00 ff");
    byte[] max = W.filled(125, 0xfe);
    cases.add(
        of(
            "2.1",
            "ping without payload",
            echo(Expected.pong(new byte[0])),
            Step.send(W.ping(new byte[0]))));
    cases.add(
        of(
            "2.2",
            "ping with a small text payload",
            echo(Expected.pong(hello)),
            Step.send(W.ping(hello))));
    cases.add(
        of(
            "2.3",
            "ping with a small binary payload",
            echo(Expected.pong(small)),
            Step.send(W.ping(small))));
    cases.add(
        of(
            "2.4",
            "ping with a binary payload of 125 bytes",
            echo(Expected.pong(max)),
            Step.send(W.ping(max))));
    cases.add(
        of(
            "2.5",
            "ping with a payload of 126 bytes",
            fail(CloseStatus.PROTOCOL_ERROR),
            Step.send(W.ping(W.filled(126, 0xfe)))));
    cases.add(
        of(
            "2.6",
            "ping with a payload of 125 bytes, sent one byte at a time",
            echo(Expected.pong(max)),
            Step.sendChopped(W.ping(max), 1)));
    cases.add(
        of("2.7", "unsolicited pong without payload", echo(), Step.send(W.pong(new byte[0]))));
    byte[] unsolicited = W.utf8("unsolicited pong payload");
    cases.add(of("2.8", "unsolicited pong with payload", echo(), Step.send(W.pong(unsolicited))));
    byte[] pingPayload = W.utf8("ping payload");
    cases.add(
        of(
            "2.9",
            "unsolicited pong with payload, then a ping with payload",
            echo(Expected.pong(pingPayload)),
            Step.send(W.pong(unsolicited)),
            Step.send(W.ping(pingPayload))));
    List<Expected> pongs = new ArrayList<>();
    byte[][] pings = new byte[10][];
    for (int i = 0; i < 10; i++) {
      byte[] payload = W.utf8("payload-" + i);
      pings[i] = W.ping(payload);
      pongs.add(Expected.pong(payload));
    }
    cases.add(of("2.10", "10 pings with payloads", echo(pongs), Step.send(W.cat(pings))));
    cases.add(
        of(
            "2.11",
            "10 pings with payloads, sent one byte at a time",
            echo(pongs),
            Step.sendChopped(W.cat(pings), 1)));
    // Not in Autobahn: every ping payload length the protocol allows, then one past it.
    for (int length = 0; length <= 125; length++) {
      byte[] payload = W.random(length, length);
      cases.add(
          of(
              "2.12." + length,
              "ping with a payload of " + length + " bytes (not in Autobahn)",
              echo(Expected.pong(payload)),
              Step.send(W.ping(payload))));
    }
    cases.add(
        of(
            "2.12.126",
            "ping with a payload of 126 bytes announced with a 16-bit length (not in Autobahn)",
            fail(CloseStatus.PROTOCOL_ERROR),
            Step.send(W.ping(W.filled(126, 1)))));
    return cases.stream();
  }
}
