package dev.websocket.client.conformance;

import static dev.websocket.client.conformance.ConformanceCase.of;
import static dev.websocket.client.conformance.Expectation.echo;
import static dev.websocket.client.conformance.Expectation.fail;

import dev.websocket.codec.CloseStatus;
import dev.websocket.testing.Hex;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Autobahn 6.*: text must be valid UTF-8 (RFC 6455 section 8.1), checked as it arrives, so an
 * invalid byte fails the connection with 1007 before the rest of the message is sent (6.4.x). Each
 * vector's validity is stated as Autobahn states it and cross-checked with the JDK's strict decoder
 * when the cases are built.
 */
final class Utf8Cases {

  private static final int INVALID = CloseStatus.INVALID_PAYLOAD;

  private Utf8Cases() {}

  /** One vector: the group (e.g. 6.6), the bytes and whether they are valid UTF-8. */
  private record Vector(String group, String hex, boolean valid) {}

  private static final List<Vector> VECTORS = new ArrayList<>();

  private static void group(String group, boolean valid, String... hex) {
    for (String h : hex) {
      VECTORS.add(new Vector(group, h, valid));
    }
  }

  static {
    // 6.5: valid "κόσμε" and pieces of it
    group(
        "6.5",
        true,
        "ce ba e1 bd b9 cf 83 ce bc ce b5",
        "ce ba e1 bd b9 cf 83 ce bc ce b5 2d 65 64 69 74 65 64");
    // 6.6: "κόσμε" cut after each byte: valid only on a character boundary
    String kosme = "ce ba e1 bd b9 cf 83 ce bc ce b5";
    String[] bytes = kosme.split(" ");
    for (int n = 1; n <= bytes.length; n++) {
      String prefix = String.join(" ", java.util.Arrays.copyOf(bytes, n));
      boolean valid = n == 2 || n == 5 || n == 7 || n == 9 || n == 11;
      group("6.6", valid, prefix);
    }
    // 6.7: first possible sequence of each length
    group("6.7", true, "00", "c2 80", "e0 a0 80", "f0 90 80 80");
    // 6.8: first possible sequences of 5 and 6 bytes (not UTF-8 since RFC 3629)
    group("6.8", false, "f8 88 80 80 80", "fc 84 80 80 80 80");
    // 6.9: last possible sequence of each length
    group("6.9", true, "7f", "df bf", "ef bf bf", "f4 8f bf bf");
    // 6.10: last possible sequences beyond U+10FFFF
    group("6.10", false, "f7 bf bf bf", "fb bf bf bf bf", "fd bf bf bf bf bf");
    // 6.11: other boundary conditions
    group("6.11", true, "ed 9f bf", "ee 80 80", "ef bf bd", "f4 8f bf bf");
    group("6.11", false, "f4 90 80 80");
    // 6.12: unexpected continuation bytes
    group(
        "6.12",
        false,
        "80",
        "bf",
        "80 bf",
        "80 bf 80",
        "80 bf 80 bf",
        "80 bf 80 bf 80",
        "80 bf 80 bf 80 bf",
        allContinuationBytes());
    // 6.13: lonely start characters, each followed by a space
    group(
        "6.13",
        false,
        lonelyStarts(0xc0, 0xdf),
        lonelyStarts(0xe0, 0xef),
        lonelyStarts(0xf0, 0xf7),
        lonelyStarts(0xf8, 0xfb),
        lonelyStarts(0xfc, 0xfd));
    // 6.14: sequences with the last continuation byte missing
    group(
        "6.14",
        false,
        "c0",
        "e0 80",
        "f0 80 80",
        "f8 80 80 80",
        "fc 80 80 80 80",
        "df",
        "ef bf",
        "f7 bf bf",
        "fb bf bf bf",
        "fd bf bf bf bf");
    // 6.15: the incomplete sequences of 6.14 concatenated
    group(
        "6.15",
        false,
        "c0 e0 80 f0 80 80 f8 80 80 80 fc 80 80 80 80 df ef bf f7 bf bf fb bf bf bf fd bf bf bf bf");
    // 6.16: impossible bytes
    group("6.16", false, "fe", "ff", "fe fe ff ff");
    // 6.17: overlong ASCII "/"
    group("6.17", false, "c0 af", "e0 80 af", "f0 80 80 af", "f8 80 80 80 af", "fc 80 80 80 80 af");
    // 6.18: maximum overlong sequences
    group("6.18", false, "c1 bf", "e0 9f bf", "f0 8f bf bf", "f8 87 bf bf bf", "fc 83 bf bf bf bf");
    // 6.19: overlong NUL
    group("6.19", false, "c0 80", "e0 80 80", "f0 80 80 80", "f8 80 80 80 80", "fc 80 80 80 80 80");
    // 6.20: single UTF-16 surrogates
    group(
        "6.20",
        false,
        "ed a0 80",
        "ed ad bf",
        "ed ae 80",
        "ed af bf",
        "ed b0 80",
        "ed be 80",
        "ed bf bf");
    // 6.21: paired UTF-16 surrogates
    group(
        "6.21",
        false,
        "ed a0 80 ed b0 80",
        "ed a0 80 ed bf bf",
        "ed ad bf ed b0 80",
        "ed ad bf ed bf bf",
        "ed ae 80 ed b0 80",
        "ed ae 80 ed bf bf",
        "ed af bf ed b0 80",
        "ed af bf ed bf bf");
    // 6.22: noncharacters are valid UTF-8 (U+FFFE, U+FFFF and the last two of every plane)
    group("6.22", true, "ef bf be", "ef bf bf");
    for (int plane = 1; plane <= 16; plane++) {
      for (int last : new int[] {0xfffe, 0xffff}) {
        group(
            "6.22",
            true,
            Hex.encode(
                new String(Character.toChars(plane << 16 | last))
                    .getBytes(StandardCharsets.UTF_8)));
      }
    }
    // 6.23: specials U+FFF9..U+FFFD (and the replacement character), valid
    group(
        "6.23",
        true,
        "ef bf b9",
        "ef bf ba",
        "ef bf bb",
        "ef bf bc",
        "ef bf bd",
        "ef bf bd ef bf bd");
  }

  private static String allContinuationBytes() {
    StringBuilder sb = new StringBuilder();
    for (int b = 0x80; b <= 0xbf; b++) {
      sb.append(String.format("%02x ", b));
    }
    return sb.toString().trim();
  }

  private static String lonelyStarts(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int b = from; b <= to; b++) {
      sb.append(String.format("%02x 20 ", b));
    }
    return sb.toString().trim();
  }

  static Stream<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    cases.add(
        of(
            "6.1.1",
            "empty text message",
            echo(Expected.text(new byte[0])),
            Step.send(W.text(new byte[0]))));
    cases.add(
        of(
            "6.1.2",
            "text message in 3 empty fragments",
            echo(Expected.text(new byte[0])),
            Step.send(
                W.cat(
                    W.frame(false, W.TEXT, new byte[0]),
                    W.frame(false, W.CONT, new byte[0]),
                    W.frame(true, W.CONT, new byte[0])))));
    cases.add(
        of(
            "6.1.3",
            "text message: empty, \"middle frame payload\", empty fragments",
            echo(Expected.text("middle frame payload")),
            Step.send(
                W.cat(
                    W.frame(false, W.TEXT, new byte[0]),
                    W.frame(false, W.CONT, W.utf8("middle frame payload")),
                    W.frame(true, W.CONT, new byte[0])))));

    byte[] hello = W.utf8("Hello-µ@ßöäüàá-UTF-8!!");
    cases.add(
        of(
            "6.2.1",
            "valid UTF-8 text in one fragment",
            echo(Expected.text(hello)),
            Step.send(W.text(hello))));
    // split at a character boundary after "Hello-µ@ßöäü" (the byte count of that prefix)
    int cut = W.utf8("Hello-µ@ßöäü").length;
    cases.add(
        of(
            "6.2.2",
            "valid UTF-8 text in 2 fragments split at a character boundary",
            echo(Expected.text(hello)),
            Step.send(
                W.cat(
                    W.frame(false, W.TEXT, java.util.Arrays.copyOf(hello, cut)),
                    W.frame(
                        true, W.CONT, java.util.Arrays.copyOfRange(hello, cut, hello.length))))));
    cases.add(
        of(
            "6.2.3",
            "valid UTF-8 text in fragments of one byte",
            echo(Expected.text(hello)),
            Step.send(W.cat(W.fragments(W.TEXT, hello, 1)))));
    byte[] kosme = Hex.decode("ce ba e1 bd b9 cf 83 ce bc ce b5");
    cases.add(
        of(
            "6.2.4",
            "valid UTF-8 \"κόσμε\" in fragments of one byte",
            echo(Expected.text(kosme)),
            Step.send(W.cat(W.fragments(W.TEXT, kosme, 1)))));

    byte[] edited = Hex.decode("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64");
    cases.add(
        of(
            "6.3.1",
            "invalid UTF-8 (a surrogate) in one frame",
            fail(INVALID),
            Step.send(W.text(edited))));
    cases.add(
        of(
            "6.3.2",
            "invalid UTF-8 (a surrogate) in fragments of one byte",
            fail(INVALID),
            Step.send(W.cat(W.fragments(W.TEXT, edited, 1)))));

    // 6.4: fail fast. Each part goes out on its own; the rest is sent only after the client has
    // failed.
    byte[] p1 = Hex.decode("ce ba e1 bd b9 cf 83 ce bc ce b5");
    byte[] p2a = Hex.decode("f4 90 80 80");
    byte[] p3a = Hex.decode("65 64 69 74 65 64");
    cases.add(
        of(
            "6.4.1",
            "3 fragments, the 2nd invalid (f4 90 80 80): fails before the 3rd is sent",
            fail(INVALID),
            Step.send(W.frame(false, W.TEXT, p1)),
            Step.send(W.frame(false, W.CONT, p2a)),
            Step.expectClientFailsBeforeTheRest(),
            Step.send(W.frame(true, W.CONT, p3a))));
    byte[] p1b = Hex.decode("ce ba e1 bd b9 cf 83 ce bc ce b5 f4");
    byte[] p2b = Hex.decode("90");
    byte[] p3b = Hex.decode("80 80 65 64 69 74 65 64");
    cases.add(
        of(
            "6.4.2",
            "3 fragments, the 2nd byte of a sequence invalid (90 after f4): fails before the 3rd",
            fail(INVALID),
            Step.send(W.frame(false, W.TEXT, p1b)),
            Step.send(W.frame(false, W.CONT, p2b)),
            Step.expectClientFailsBeforeTheRest(),
            Step.send(W.frame(true, W.CONT, p3b))));
    byte[] one =
        W.text(Hex.decode("ce ba e1 bd b9 cf 83 ce bc ce b5 f4 90 80 80 65 64 69 74 65 64"));
    int header = 2;
    cases.add(
        of(
            "6.4.3",
            "one frame in 3 chops, the 2nd invalid (f4 90 80 80): fails before the 3rd chop",
            fail(INVALID),
            Step.send(java.util.Arrays.copyOf(one, header + 11)),
            Step.send(java.util.Arrays.copyOfRange(one, header + 11, header + 15)),
            Step.expectClientFailsBeforeTheRest(),
            Step.send(java.util.Arrays.copyOfRange(one, header + 15, one.length))));
    cases.add(
        of(
            "6.4.4",
            "one frame in 3 chops, the 2nd a single invalid byte (90 after f4): fails before the 3rd",
            fail(INVALID),
            Step.send(java.util.Arrays.copyOf(one, header + 12)),
            Step.send(java.util.Arrays.copyOfRange(one, header + 12, header + 13)),
            Step.expectClientFailsBeforeTheRest(),
            Step.send(java.util.Arrays.copyOfRange(one, header + 13, one.length))));
    // Not in Autobahn: fail fast at the first byte of a 64 KiB frame, of which only the header and
    // the bad byte were sent.
    byte[] big = W.text(W.filled(65535, (byte) 0x61));
    big[4] = (byte) 0xff;
    cases.add(
        of(
            "6.4.5",
            "a 65535-byte frame whose first payload byte is ff: fails before the rest (not in Autobahn)",
            fail(INVALID),
            Step.send(java.util.Arrays.copyOf(big, 5)),
            Step.expectClientFailsBeforeTheRest(),
            Step.send(java.util.Arrays.copyOfRange(big, 5, big.length))));

    java.util.Map<String, Integer> index = new java.util.HashMap<>();
    for (Vector v : VECTORS) {
      int n = index.merge(v.group, 1, Integer::sum);
      byte[] payload = Hex.decode(v.hex);
      checkAgainstJdk(v, payload);
      String id = v.group + "." + n;
      String what =
          (v.valid ? "valid" : "invalid")
              + " UTF-8 "
              + (payload.length <= 12 ? v.hex : payload.length + " bytes");
      cases.add(
          v.valid
              ? of(id, what, echo(Expected.text(payload)), Step.send(W.text(payload)))
              : of(id, what, fail(INVALID), Step.send(W.text(payload))));
    }
    // "a", then a byte that never starts a UTF-8 sequence
    cases.addAll(
        WireOrder.cases(
            "6.24", "invalid UTF-8 text", W.text(new byte[] {0x61, (byte) 0xff}), INVALID));
    return cases.stream();
  }

  private static void checkAgainstJdk(Vector v, byte[] payload) {
    boolean jdk;
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(payload));
      jdk = true;
    } catch (CharacterCodingException e) {
      jdk = false;
    }
    if (jdk != v.valid) {
      throw new AssertionError(
          "Vector " + v + " is " + (jdk ? "valid" : "invalid") + " for the JDK");
    }
  }
}
