package dev.websocket.client.conformance;

import static dev.websocket.client.conformance.ConformanceCase.of;
import static dev.websocket.client.conformance.Expectation.echo;
import static dev.websocket.client.conformance.Expectation.fail;

import dev.websocket.codec.CloseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Autobahn 5.*: fragmented messages are joined; control frames may sit between fragments. */
final class FragmentationCases {

  private FragmentationCases() {}

  static Stream<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    byte[] f1 = W.utf8("fragment1");
    byte[] f2 = W.utf8("fragment2");
    byte[] f3 = W.utf8("fragment3");
    byte[] f4 = W.utf8("fragment4");
    byte[] f5 = W.utf8("fragment5");
    byte[] both = W.utf8("fragment1fragment2");
    byte[] pingPayload = W.utf8("ping payload");
    int protocol = CloseStatus.PROTOCOL_ERROR;

    cases.add(
        of(
            "5.1",
            "ping in 2 fragments",
            fail(protocol),
            Step.send(W.cat(W.frame(false, W.PING, f1), W.frame(true, W.CONT, f2)))));
    cases.add(
        of(
            "5.2",
            "pong in 2 fragments",
            fail(protocol),
            Step.send(W.cat(W.frame(false, W.PONG, f1), W.frame(true, W.CONT, f2)))));

    byte[] a = W.frame(false, W.TEXT, f1);
    byte[] b = W.frame(true, W.CONT, f2);
    cases.add(
        of(
            "5.3",
            "text message in 2 fragments",
            echo(Expected.text(both)),
            Step.send(W.cat(a, b))));
    cases.add(
        of(
            "5.4",
            "text message in 2 fragments, octet-wise chops",
            echo(Expected.text(both)),
            Step.sendChopped(W.cat(a, b), 1)));
    cases.add(
        of(
            "5.5",
            "text message in 2 fragments, frame-wise chops",
            echo(Expected.text(both)),
            Step.sendFramewise(a, b)));

    byte[] ping = W.ping(pingPayload);
    List<Expected> pongThenEcho = List.of(Expected.pong(pingPayload), Expected.text(both));
    cases.add(
        of(
            "5.6",
            "text message in 2 fragments with a ping between",
            echo(pongThenEcho),
            Step.send(W.cat(a, ping, b))));
    cases.add(
        of(
            "5.7",
            "text message in 2 fragments with a ping between, octet-wise chops",
            echo(pongThenEcho),
            Step.sendChopped(W.cat(a, ping, b), 1)));
    cases.add(
        of(
            "5.8",
            "text message in 2 fragments with a ping between, frame-wise chops",
            echo(pongThenEcho),
            Step.sendFramewise(a, ping, b)));

    byte[] hello = W.text("Hello, world!");
    byte[] orphanFinal = W.frame(true, W.CONT, f1);
    cases.add(
        of(
            "5.9",
            "continuation (FIN) with nothing to continue, then a text message",
            fail(protocol),
            Step.send(W.cat(orphanFinal, hello))));
    cases.add(
        of(
            "5.10",
            "continuation (FIN) with nothing to continue, then a text message, frame-wise chops",
            fail(protocol),
            Step.sendFramewise(orphanFinal, hello)));
    cases.add(
        of(
            "5.11",
            "continuation (FIN) with nothing to continue, then a text message, octet-wise chops",
            fail(protocol),
            Step.sendChopped(W.cat(orphanFinal, hello), 1)));
    byte[] orphan = W.frame(false, W.CONT, f1);
    cases.add(
        of(
            "5.12",
            "continuation (no FIN) with nothing to continue, then a text message",
            fail(protocol),
            Step.send(W.cat(orphan, hello))));
    cases.add(
        of(
            "5.13",
            "continuation (no FIN) with nothing to continue, then a text message, frame-wise chops",
            fail(protocol),
            Step.sendFramewise(orphan, hello)));
    cases.add(
        of(
            "5.14",
            "continuation (no FIN) with nothing to continue, then a text message, octet-wise chops",
            fail(protocol),
            Step.sendChopped(W.cat(orphan, hello), 1)));

    cases.add(
        of(
            "5.15",
            "text in 2 fragments, then continuation (no FIN) and text (FIN) with nothing to continue",
            fail(protocol, Expected.text(both)),
            Step.send(W.cat(a, b)),
            Step.awaitClientFrames(1),
            Step.send(W.cat(W.frame(false, W.CONT, f3), W.frame(true, W.TEXT, f4)))));
    byte[] sixteen =
        W.cat(W.frame(false, W.CONT, f1), W.frame(false, W.TEXT, f2), W.frame(true, W.CONT, f3));
    cases.add(
        of(
            "5.16",
            "twice: continuation (no FIN), text (no FIN), continuation (FIN)",
            fail(protocol),
            Step.send(W.cat(sixteen, sixteen))));
    byte[] seventeen =
        W.cat(W.frame(true, W.CONT, f1), W.frame(false, W.TEXT, f2), W.frame(true, W.CONT, f3));
    cases.add(
        of(
            "5.17",
            "twice: continuation (FIN), text (no FIN), continuation (FIN)",
            fail(protocol),
            Step.send(W.cat(seventeen, seventeen))));
    cases.add(
        of(
            "5.18",
            "text (no FIN), then a new text message (FIN) instead of a continuation",
            fail(protocol),
            Step.send(W.cat(W.frame(false, W.TEXT, f1), W.frame(true, W.TEXT, f2)))));

    byte[] all = W.utf8("fragment1fragment2fragment3fragment4fragment5");
    byte[] p1 = W.utf8("pongme 1!");
    byte[] p2 = W.utf8("pongme 2!");
    List<Expected> nineteen = List.of(Expected.pong(p1), Expected.pong(p2), Expected.text(all));
    byte[][] frames19 = {
      W.frame(false, W.TEXT, f1),
      W.frame(false, W.CONT, f2),
      W.ping(p1),
      W.frame(false, W.CONT, f3),
      W.frame(false, W.CONT, f4),
      W.ping(p2),
      W.frame(true, W.CONT, f5)
    };
    // Autobahn pauses a second between parts; here each part waits for the client's answer to the
    // ping before it, which proves the pings were answered while the message was still open.
    cases.add(
        of(
            "5.19",
            "text in 5 fragments with 2 pings between, the parts sent apart",
            echo(nineteen),
            Step.send(W.cat(frames19[0], frames19[1], frames19[2])),
            Step.awaitClientFrames(1),
            Step.send(W.cat(frames19[3], frames19[4], frames19[5])),
            Step.awaitClientFrames(2),
            Step.send(frames19[6])));
    cases.add(
        of(
            "5.20",
            "text in 5 fragments with 2 pings between, frame-wise chops, the parts sent apart",
            echo(nineteen),
            Step.sendFramewise(frames19[0], frames19[1], frames19[2]),
            Step.awaitClientFrames(1),
            Step.sendFramewise(frames19[3], frames19[4], frames19[5]),
            Step.awaitClientFrames(2),
            Step.sendFramewise(frames19[6])));
    // Not in Autobahn: fragments of one byte.
    byte[] text = W.utf8("Hello, fragments of one byte: κόσμε");
    cases.add(
        of(
            "5.21",
            "text message in fragments of 1 byte, across multi-byte characters (not in Autobahn)",
            echo(Expected.text(text)),
            Step.send(W.cat(W.fragments(W.TEXT, text, 1)))));
    byte[] bin = W.random(300, 21);
    cases.add(
        of(
            "5.22",
            "binary message in fragments of 1 byte, octet-wise chops (not in Autobahn)",
            echo(Expected.binary(bin)),
            Step.sendChopped(W.cat(W.fragments(W.BINARY, bin, 1)), 1)));
    cases.add(
        of(
            "5.23",
            "binary message: first fragment empty, then 1 byte, then empty final (not in Autobahn)",
            echo(Expected.binary(new byte[] {7})),
            Step.send(
                W.cat(
                    W.frame(false, W.BINARY, new byte[0]),
                    W.frame(false, W.CONT, new byte[] {7}),
                    W.frame(true, W.CONT, new byte[0])))));
    cases.add(
        of(
            "5.24",
            "close inside a fragmented message (no FIN) is not a fragment (not in Autobahn)",
            fail(protocol),
            Step.send(
                W.cat(
                    W.frame(false, W.TEXT, f1),
                    W.frame(false, W.CLOSE, new byte[] {3, (byte) 0xe8})))));
    return cases.stream();
  }
}
