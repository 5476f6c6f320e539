package dev.websocket.client.conformance;

import static dev.websocket.client.conformance.ConformanceCase.of;
import static dev.websocket.client.conformance.Expectation.echo;

import java.util.List;
import java.util.stream.Stream;

/**
 * Autobahn 10.*: a message fragmented by the sender's auto-fragmentation (1300-byte fragments)
 * reaches the client whole. The client never fragments what it sends, so its echo is one frame.
 */
final class AutoFragmentationCases {

  private AutoFragmentationCases() {}

  static Stream<ConformanceCase> cases() {
    byte[] text = W.filled(65536, '*');
    byte[] binary = W.random(65536, 10);
    return List.of(
        of(
            "10.1.1",
            "64 KiB text message in 1300-byte fragments",
            echo(Expected.text(text)),
            Step.send(W.cat(W.fragments(W.TEXT, text, 1300)))),
        of(
            "10.1.2",
            "64 KiB binary message in 1300-byte fragments, each in its own write (not in Autobahn)",
            echo(Expected.binary(binary)),
            Step.sendFramewise(W.fragments(W.BINARY, binary, 1300))))
        .stream();
  }
}
