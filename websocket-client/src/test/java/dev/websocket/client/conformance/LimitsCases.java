package dev.websocket.client.conformance;

import static dev.websocket.client.conformance.ConformanceCase.of;
import static dev.websocket.client.conformance.Expectation.echo;
import static dev.websocket.client.conformance.Expectation.fail;

import dev.websocket.codec.CloseStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Autobahn 9.*: large messages (up to 16 MiB), fragmented from 64-byte fragments up, chopped into
 * small TCP writes, and many messages in a row; plus (not in Autobahn) messages past the client's
 * {@code maxMessageSize}, which fail with 1009 as soon as the header announces them.
 */
final class LimitsCases {

  private static final int K = 1024;
  private static final int M = 1024 * 1024;
  private static final Duration BIG = Duration.ofSeconds(120);

  private LimitsCases() {}

  static Stream<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    int[] sizes = {64 * K, 256 * K, M, 4 * M, 8 * M, 16 * M};
    for (int i = 0; i < sizes.length; i++) {
      byte[] text = W.filled(sizes[i], '*');
      cases.add(
          big(
              of(
                  "9.1." + (i + 1),
                  "text message of " + human(sizes[i]),
                  echo(Expected.text(text)),
                  Step.send(W.text(text)))));
    }
    for (int i = 0; i < sizes.length; i++) {
      byte[] binary = W.filled(sizes[i], 0xfe);
      cases.add(
          big(
              of(
                  "9.2." + (i + 1),
                  "binary message of " + human(sizes[i]),
                  echo(Expected.binary(binary)),
                  Step.send(W.binary(binary)))));
    }
    int[] fragmentSizes = {64, 256, K, 4 * K, 16 * K, 64 * K, 256 * K, M, 4 * M};
    byte[] text4 = W.filled(4 * M, '*');
    byte[] binary4 = W.filled(4 * M, 0xfe);
    for (int i = 0; i < fragmentSizes.length; i++) {
      cases.add(
          big(
              of(
                  "9.3." + (i + 1),
                  "4 MiB text message in fragments of " + human(fragmentSizes[i]),
                  echo(Expected.text(text4)),
                  Step.send(W.cat(W.fragments(W.TEXT, text4, fragmentSizes[i]))))));
    }
    for (int i = 0; i < fragmentSizes.length; i++) {
      cases.add(
          big(
              of(
                  "9.4." + (i + 1),
                  "4 MiB binary message in fragments of " + human(fragmentSizes[i]),
                  echo(Expected.binary(binary4)),
                  Step.send(W.cat(W.fragments(W.BINARY, binary4, fragmentSizes[i]))))));
    }
    int[] chops = {64, 128, 256, 512, K, 2 * K};
    byte[] text1 = W.filled(M, '*');
    byte[] binary1 = W.filled(M, 0xfe);
    for (int i = 0; i < chops.length; i++) {
      cases.add(
          big(
              of(
                  "9.5." + (i + 1),
                  "1 MiB text message in chops of " + chops[i] + " bytes",
                  echo(Expected.text(text1)),
                  Step.sendChopped(W.text(text1), chops[i]))));
    }
    for (int i = 0; i < chops.length; i++) {
      cases.add(
          big(
              of(
                  "9.6." + (i + 1),
                  "1 MiB binary message in chops of " + chops[i] + " bytes",
                  echo(Expected.binary(binary1)),
                  Step.sendChopped(W.binary(binary1), chops[i]))));
    }
    int[] small = {0, 16, 64, 256, K, 4 * K};
    for (int i = 0; i < small.length; i++) {
      cases.add(big(manyMessages("9.7." + (i + 1), W.TEXT, small[i])));
    }
    for (int i = 0; i < small.length; i++) {
      cases.add(big(manyMessages("9.8." + (i + 1), W.BINARY, small[i])));
    }

    // Not in Autobahn: the client's limit (maxMessageSize) fails the connection with 1009.
    int tooBig = CloseStatus.MESSAGE_TOO_BIG;
    cases.add(
        of(
                "9.9.1",
                "2 MiB text message with maxMessageSize 1 MiB (not in Autobahn)",
                fail(tooBig),
                Step.send(W.text(W.filled(2 * M, '*'))))
            .withOptions(o -> o.maxMessageSize(M)));
    cases.add(
        of(
                "9.9.2",
                "a header announcing 1 MiB + 1 with maxMessageSize 1 MiB fails before any payload"
                    + " (not in Autobahn)",
                fail(tooBig),
                Step.send(dev.websocket.client.testing.RawFrames.header(true, 0, W.BINARY, M + 1)),
                Step.expectClientFailsBeforeTheRest())
            .withOptions(o -> o.maxMessageSize(M)));
    cases.add(
        of(
                "9.9.3",
                "fragments adding up to 1 MiB + 1 with maxMessageSize 1 MiB (not in Autobahn)",
                fail(tooBig),
                Step.send(W.cat(W.fragments(W.BINARY, W.filled(M + 1, 1), 64 * K))))
            .withOptions(o -> o.maxMessageSize(M)));
    cases.add(
        of(
                "9.9.4",
                "exactly maxMessageSize (1 MiB) in fragments passes (not in Autobahn)",
                echo(Expected.binary(W.filled(M, 1))),
                Step.send(W.cat(W.fragments(W.BINARY, W.filled(M, 1), 64 * K))))
            .withOptions(o -> o.maxMessageSize(M)));
    cases.add(
        of(
                "9.9.5",
                "a frame above maxFrameSize (64 KiB) fails with 1009 (not in Autobahn)",
                fail(tooBig),
                Step.send(W.binary(W.filled(64 * K + 1, 1))))
            .withOptions(o -> o.maxFrameSize(64 * K)));
    return cases.stream();
  }

  /** Autobahn 9.7/9.8: 1000 messages, each sent once the previous one was echoed. */
  private static ConformanceCase manyMessages(String id, int opcode, int size) {
    byte[] payload = W.filled(size, opcode == W.TEXT ? '*' : 0xfe);
    byte[] frame = W.frame(true, opcode, payload);
    Expected e = opcode == W.TEXT ? Expected.text(payload) : Expected.binary(payload);
    int count = 1000;
    Step oneByOne =
        run -> {
          for (int i = 1; i <= count; i++) {
            run.sendChopped(frame, 0);
            run.awaitClientFrames(i);
          }
        };
    return of(
        id,
        count
            + " "
            + (opcode == W.TEXT ? "text" : "binary")
            + " messages of "
            + size
            + " bytes, one at a time",
        echo(Expected.times(count, e)),
        oneByOne);
  }

  private static ConformanceCase big(ConformanceCase c) {
    return c.withLimit(BIG);
  }

  private static String human(int bytes) {
    if (bytes >= M && bytes % M == 0) {
      return bytes / M + " MiB";
    }
    if (bytes >= K && bytes % K == 0) {
      return bytes / K + " KiB";
    }
    return bytes + " bytes";
  }
}
