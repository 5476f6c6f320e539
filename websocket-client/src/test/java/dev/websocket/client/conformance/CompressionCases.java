package dev.websocket.client.conformance;

import static dev.websocket.client.conformance.ConformanceCase.of;
import static dev.websocket.client.conformance.Expectation.echo;

import dev.websocket.client.testing.RawFrames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/**
 * Autobahn 12.* and 13.*: permessage-deflate (RFC 7692) against Netty's server implementation. The
 * server compresses every message it sends; the client inflates, echoes, and compresses its echo
 * when it may (RSV1 checked on each echoed frame; the payload is inflated by the harness and
 * compared).
 *
 * <p>12.*: the default negotiation, messages of 16 B to 128 KiB of four kinds (compressible text,
 * compressible binary, random UTF-8 text, random binary). 13.*: every combination Netty's
 * handshaker can be made to agree: {@code server_max_window_bits} 8..15 × {@code
 * server_no_context_takeover} × {@code client_no_context_takeover} (13.1-13.32), then {@code
 * client_max_window_bits} 8..14 × {@code client_no_context_takeover} (13.33-13.46). Netty's encoder
 * needs JZlib for windows under 15 bits (a test dependency) and cannot do 8 bits at all, so with
 * {@code server_max_window_bits=8} the server's messages are compressed Huffman-only here.
 */
final class CompressionCases {

  private static final int[] SIZES_12 = {
    16, 64, 256, 1024, 4096, 8192, 16384, 32768, 65536, 131072
  };
  private static final int[] SIZES_13 = {16, 1024, 4096, 65536};

  private CompressionCases() {}

  static Stream<ConformanceCase> echoCases() {
    List<ConformanceCase> cases = new ArrayList<>();
    String[] kinds = {
      "compressible text", "compressible binary", "random UTF-8 text", "random binary"
    };
    for (int kind = 0; kind < kinds.length; kind++) {
      for (int s = 0; s < SIZES_12.length; s++) {
        cases.add(
            messages(
                "12." + (kind + 1) + "." + (s + 1),
                kinds[kind],
                kind,
                SIZES_12[s],
                DeflateSetup.DEFAULT));
      }
    }
    return cases.stream();
  }

  static Stream<ConformanceCase> parameterCases() {
    List<DeflateSetup> setups = new ArrayList<>();
    for (int bits = 8; bits <= 15; bits++) {
      for (boolean serverNoContext : new boolean[] {false, true}) {
        for (boolean clientNoContext : new boolean[] {false, true}) {
          setups.add(new DeflateSetup(bits, serverNoContext, 15, clientNoContext));
        }
      }
    }
    for (int bits = 8; bits <= 14; bits++) {
      for (boolean clientNoContext : new boolean[] {false, true}) {
        setups.add(new DeflateSetup(15, false, bits, clientNoContext));
      }
    }
    List<ConformanceCase> cases = new ArrayList<>();
    for (int i = 0; i < setups.size(); i++) {
      for (int s = 0; s < SIZES_13.length; s++) {
        cases.add(
            messages(
                "13." + (i + 1) + "." + (s + 1),
                setups.get(i).toString() + ",",
                0,
                SIZES_13[s],
                setups.get(i)));
      }
    }
    return cases.stream();
  }

  /** Several messages of one kind and size, each sent once the previous one was echoed. */
  private static ConformanceCase messages(
      String id, String kindName, int kind, int size, DeflateSetup setup) {
    int count = size <= 4096 ? 20 : 5;
    List<byte[]> payloads = new ArrayList<>();
    List<Expected> echoes = new ArrayList<>();
    boolean text = kind == 0 || kind == 2;
    for (int i = 0; i < count; i++) {
      byte[] payload = payload(kind, size, id.hashCode() * 31L + i);
      payloads.add(payload);
      Expected e = text ? Expected.text(payload) : Expected.binary(payload);
      echoes.add(e.compressed(setup.clientCompresses(size)));
    }
    // Netty's encoder cannot compress with an 8-bit window (its zlib port takes 9 to 15), so with
    // server_max_window_bits=8 the messages are compressed here, Huffman-only: no back-references,
    // so within any window.
    boolean huffmanOnly = setup.serverMaxWindowBits() == 8;
    Step oneByOne =
        run -> {
          for (int i = 0; i < count; i++) {
            byte[] p = payloads.get(i);
            if (huffmanOnly) {
              Step.send(RawFrames.frame(true, 0b100, text ? W.TEXT : W.BINARY, huffmanOnly(p)))
                  .run(run);
            } else {
              (text ? Step.sendText(p) : Step.sendBinary(p)).run(run);
            }
            run.awaitClientFrames(i + 1);
          }
        };
    return of(
            id, count + " " + kindName + " messages of " + size + " bytes", echo(echoes), oneByOne)
        .withDeflate(setup);
  }

  /**
   * A message compressed without LZ77 matches, with the 00 00 ff ff tail removed (RFC 7692 7.2.1).
   */
  static byte[] huffmanOnly(byte[] payload) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try {
      deflater.setStrategy(Deflater.HUFFMAN_ONLY);
      deflater.setInput(payload);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      // the first call only applies the strategy (JDK Deflater), so it may produce nothing
      int n = deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH);
      out.write(buffer, 0, n);
      do {
        n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
        out.write(buffer, 0, n);
      } while (n == buffer.length);
      byte[] all = out.toByteArray();
      return Arrays.copyOf(all, all.length - 4);
    } finally {
      deflater.end();
    }
  }

  private static final String[] WORDS =
      ("the quick brown fox jumps over a lazy dog while compression "
              + "windows slide across repeated phrases of telemetry json price volume symbol")
          .split(" ");

  /** A payload of exactly {@code size} bytes of the given kind, from a fixed seed. */
  static byte[] payload(int kind, int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] out = new byte[size];
    switch (kind) {
      case 0, 1 -> {
        // words from a small vocabulary: compresses well, differs per message
        StringBuilder sb = new StringBuilder(size + 16);
        while (sb.length() < size) {
          sb.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        byte[] ascii = sb.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, out, 0, size);
        if (kind == 1) {
          for (int i = 0; i < size; i += 7) {
            out[i] = (byte) (out[i] | 0x80);
          }
        }
      }
      case 2 -> {
        // random code points of 1 to 4 bytes, padded with ASCII to the exact size
        int at = 0;
        while (at < size) {
          int cp =
              switch (random.nextInt(4)) {
                case 0 -> 0x20 + random.nextInt(0x5f);
                case 1 -> 0x80 + random.nextInt(0x780);
                case 2 -> 0x800 + random.nextInt(0xd000 - 0x800);
                default -> 0x10000 + random.nextInt(0x100000);
              };
          byte[] c = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
          if (at + c.length > size) {
            out[at++] = 'x';
            continue;
          }
          System.arraycopy(c, 0, out, at, c.length);
          at += c.length;
        }
      }
      default -> random.nextBytes(out);
    }
    return out;
  }
}
