package dev.websocket.client.conformance;

import static dev.websocket.client.conformance.ConformanceCase.of;
import static dev.websocket.client.conformance.Expectation.echo;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Autobahn 1.*: text and binary messages of the lengths around each length encoding. */
final class FramingCases {

  private static final int[] LENGTHS = {0, 125, 126, 127, 128, 65535, 65536};

  private FramingCases() {}

  static Stream<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    for (int i = 0; i < LENGTHS.length; i++) {
      byte[] payload = W.filled(LENGTHS[i], '*');
      cases.add(
          of(
              "1.1." + (i + 1),
              "text message of " + LENGTHS[i] + " bytes",
              echo(Expected.text(payload)),
              Step.send(W.text(payload))));
    }
    byte[] text = W.filled(65536, '*');
    cases.add(
        of(
            "1.1.8",
            "text message of 65536 bytes, sent in chops of 997 bytes",
            echo(Expected.text(text)),
            Step.sendChopped(W.text(text), 997)));
    for (int i = 0; i < LENGTHS.length; i++) {
      byte[] payload = W.filled(LENGTHS[i], 0xfe);
      cases.add(
          of(
              "1.2." + (i + 1),
              "binary message of " + LENGTHS[i] + " bytes",
              echo(Expected.binary(payload)),
              Step.send(W.binary(payload))));
    }
    byte[] binary = W.filled(65536, 0xfe);
    cases.add(
        of(
            "1.2.8",
            "binary message of 65536 bytes, sent in chops of 997 bytes",
            echo(Expected.binary(binary)),
            Step.sendChopped(W.binary(binary), 997)));
    // Not in Autobahn: every length encoding fed one byte at a time.
    for (int length : new int[] {0, 125, 126, 65536}) {
      byte[] payload = W.random(length, length);
      cases.add(
          of(
              "1.3." + length,
              "binary message of " + length + " bytes, sent one byte at a time (not in Autobahn)",
              echo(Expected.binary(payload)),
              Step.sendChopped(W.binary(payload), 1)));
    }
    return cases.stream();
  }
}
