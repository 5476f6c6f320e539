package dev.websocket.codec.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.ProtocolViolationException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 7692 sections 5 and 7.1: the client's offer, and every answer a server may give to it. Each
 * row is: what the client offered, the server's {@code Sec-WebSocket-Extensions} value, and the
 * agreed parameters (in {@link DeflateParameters#toString()} form) or the exact error.
 */
class PerMessageDeflateNegotiatorTest {

  private static final PerMessageDeflateConfig DEFAULT = PerMessageDeflateConfig.DEFAULT;

  private static PerMessageDeflateConfig.Builder offer() {
    return PerMessageDeflateConfig.builder();
  }

  private static Optional<DeflateParameters> negotiate(
      PerMessageDeflateConfig config, String answer) {
    return new PerMessageDeflateNegotiator(config).negotiate(answer);
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        // offered (default: "permessage-deflate; client_max_window_bits"), answer, agreed
        Arguments.of(DEFAULT, "permessage-deflate", "permessage-deflate"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; server_no_context_takeover",
            "permessage-deflate; server_no_context_takeover"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; client_no_context_takeover",
            "permessage-deflate; client_no_context_takeover"),
        // 7.1.2.1: the server may limit its own window although the client did not ask.
        Arguments.of(
            DEFAULT,
            "permessage-deflate; server_max_window_bits=10",
            "permessage-deflate; server_max_window_bits=10"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; server_max_window_bits=8",
            "permessage-deflate; server_max_window_bits=8"),
        Arguments.of(
            DEFAULT, "permessage-deflate; server_max_window_bits=15", "permessage-deflate"),
        // 7.1.2.2: a bare client_max_window_bits lets the server pick any size.
        Arguments.of(
            DEFAULT,
            "permessage-deflate; client_max_window_bits=9",
            "permessage-deflate; client_max_window_bits=9"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; client_max_window_bits=8",
            "permessage-deflate; client_max_window_bits=8"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover;"
                + " server_max_window_bits=12; client_max_window_bits=11",
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover;"
                + " server_max_window_bits=12; client_max_window_bits=11"),
        // RFC 6455 section 9.1: a value may be a quoted string if it unquotes to a token.
        Arguments.of(
            DEFAULT,
            "permessage-deflate; client_max_window_bits=\"12\"",
            "permessage-deflate; client_max_window_bits=12"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; server_max_window_bits=\"1\\0\"",
            "permessage-deflate; server_max_window_bits=10"),
        // Optional whitespace around separators; empty list elements are skipped.
        Arguments.of(
            DEFAULT,
            "  permessage-deflate ;server_max_window_bits = 9\t; client_no_context_takeover ",
            "permessage-deflate; client_no_context_takeover; server_max_window_bits=9"),
        Arguments.of(DEFAULT, ", permessage-deflate,", "permessage-deflate"),
        // Requests the server granted.
        Arguments.of(
            offer().serverNoContextTakeover(true).build(),
            "permessage-deflate; server_no_context_takeover",
            "permessage-deflate; server_no_context_takeover"),
        Arguments.of(
            offer().serverMaxWindowBits(10).build(),
            "permessage-deflate; server_max_window_bits=10",
            "permessage-deflate; server_max_window_bits=10"),
        Arguments.of(
            offer().serverMaxWindowBits(10).build(),
            "permessage-deflate; server_max_window_bits=9",
            "permessage-deflate; server_max_window_bits=9"),
        // 7.1.1.2: a client that offered client_no_context_takeover keeps to it when the server is
        // silent.
        Arguments.of(
            offer().clientNoContextTakeover(true).build(),
            "permessage-deflate",
            "permessage-deflate; client_no_context_takeover"),
        // A client that offered client_max_window_bits=10 keeps to 10 unless told less.
        Arguments.of(
            offer().clientMaxWindowBits(10).build(),
            "permessage-deflate",
            "permessage-deflate; client_max_window_bits=10"),
        Arguments.of(
            offer().clientMaxWindowBits(10).build(),
            "permessage-deflate; client_max_window_bits=10",
            "permessage-deflate; client_max_window_bits=10"),
        Arguments.of(
            offer().clientMaxWindowBits(10).build(),
            "permessage-deflate; client_max_window_bits=8",
            "permessage-deflate; client_max_window_bits=8"),
        // Without client_max_window_bits in the offer, the bare answer is still fine.
        Arguments.of(
            offer().offerClientMaxWindowBits(false).build(),
            "permessage-deflate",
            "permessage-deflate"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("accepted")
  void acceptedAnswer(PerMessageDeflateConfig config, String answer, String agreed) {
    assertEquals(agreed, negotiate(config, answer).orElseThrow().toString());
  }

  static Stream<Arguments> rejected() {
    PerMessageDeflateConfig noClientBits = offer().offerClientMaxWindowBits(false).build();
    return Stream.of(
        Arguments.of(
            DEFAULT,
            "x-webkit-deflate-frame",
            "Server accepted extension \"x-webkit-deflate-frame\", which the client did not offer"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate, x-custom; a=1",
            "Server accepted extension \"x-custom\", which the client did not offer"),
        Arguments.of(
            PerMessageDeflateConfig.DISABLED,
            "permessage-deflate",
            "Server accepted extension \"permessage-deflate\", which the client did not offer"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate, permessage-deflate",
            "Server accepted permessage-deflate more than once"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
            "Duplicate permessage-deflate parameter \"server_no_context_takeover\""),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; server_max_window_bits=10; server_max_window_bits=10",
            "Duplicate permessage-deflate parameter \"server_max_window_bits\""),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; client_max_window_bits=10; client_max_window_bits=9",
            "Duplicate permessage-deflate parameter \"client_max_window_bits\""),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; max_window_bits=10",
            "Unknown permessage-deflate parameter \"max_window_bits\""),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; Server_No_Context_Takeover",
            "Unknown permessage-deflate parameter \"Server_No_Context_Takeover\""),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; server_no_context_takeover=true",
            "Parameter \"server_no_context_takeover\" takes no value, got \"true\""),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; client_no_context_takeover=\"\\x\"",
            "Parameter \"client_no_context_takeover\" takes no value, got \"x\""),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; server_max_window_bits",
            "Parameter \"server_max_window_bits\" needs a value from 8 to 15"),
        // 7.1.2.2: in an answer client_max_window_bits must carry a value.
        Arguments.of(
            DEFAULT,
            "permessage-deflate; client_max_window_bits",
            "Parameter \"client_max_window_bits\" needs a value from 8 to 15"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; server_max_window_bits=16",
            "Invalid server_max_window_bits value \"16\": must be an integer from 8 to 15 without leading zeros"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; server_max_window_bits=7",
            "Invalid server_max_window_bits value \"7\": must be an integer from 8 to 15 without leading zeros"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; client_max_window_bits=08",
            "Invalid client_max_window_bits value \"08\": must be an integer from 8 to 15 without leading zeros"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; client_max_window_bits=ten",
            "Invalid client_max_window_bits value \"ten\": must be an integer from 8 to 15 without leading zeros"),
        Arguments.of(
            noClientBits,
            "permessage-deflate; client_max_window_bits=10",
            "Server sent client_max_window_bits, which the client did not offer"),
        Arguments.of(
            offer().clientMaxWindowBits(10).build(),
            "permessage-deflate; client_max_window_bits=11",
            "Server answered client_max_window_bits=11, above the offered 10"),
        Arguments.of(
            offer().serverMaxWindowBits(10).build(),
            "permessage-deflate; server_max_window_bits=11",
            "Server answered server_max_window_bits=11, above the requested 10"),
        Arguments.of(
            offer().serverMaxWindowBits(10).build(),
            "permessage-deflate",
            "Server omitted server_max_window_bits, which the client requested"),
        Arguments.of(
            offer().serverNoContextTakeover(true).build(),
            "permessage-deflate",
            "Server omitted server_no_context_takeover, which the client requested"),
        // Malformed headers (RFC 6455 section 9.1 grammar), with the index of the fault.
        Arguments.of(
            DEFAULT,
            "permessage-deflate;",
            "Malformed Sec-WebSocket-Extensions header \"permessage-deflate;\": expected a parameter name at index 19"),
        Arguments.of(
            DEFAULT,
            "; permessage-deflate",
            "Malformed Sec-WebSocket-Extensions header \"; permessage-deflate\": expected an extension name at index 0"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; server_max_window_bits=",
            "Malformed Sec-WebSocket-Extensions header \"permessage-deflate; server_max_window_bits=\":"
                + " expected a parameter value at index 43"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; server_max_window_bits=\"10",
            "Malformed Sec-WebSocket-Extensions header \"permessage-deflate; server_max_window_bits=\"10\":"
                + " unterminated quoted string at index 43"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; server_max_window_bits=\"1 0\"",
            "Malformed Sec-WebSocket-Extensions header \"permessage-deflate; server_max_window_bits=\"1 0\"\":"
                + " quoted value is not a token at index 43"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate server_no_context_takeover",
            "Malformed Sec-WebSocket-Extensions header \"permessage-deflate server_no_context_takeover\":"
                + " expected ',' or ';' at index 19"),
        Arguments.of(
            DEFAULT,
            "permessage-deflate; a=1=2",
            "Malformed Sec-WebSocket-Extensions header \"permessage-deflate; a=1=2\": expected ',' or ';' at index 23"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("rejected")
  void rejectedAnswerFailsWith1010(PerMessageDeflateConfig config, String answer, String message) {
    ProtocolViolationException e =
        assertThrows(ProtocolViolationException.class, () -> negotiate(config, answer));
    assertEquals(message, e.getMessage());
    assertEquals(CloseStatus.INVALID_EXTENSION, e.closeStatus());
  }

  @Test
  void noHeaderMeansTheServerDeclined() {
    assertEquals(Optional.empty(), negotiate(DEFAULT, null));
  }

  @Test
  void anEmptyHeaderMeansTheServerDeclined() {
    assertEquals(Optional.empty(), negotiate(DEFAULT, " "));
  }

  @Test
  void aDisabledClientAcceptsADecliningServer() {
    assertEquals(Optional.empty(), negotiate(PerMessageDeflateConfig.DISABLED, null));
  }

  @Test
  void severalHeaderLinesAreReadAsOneList() {
    PerMessageDeflateNegotiator negotiator = new PerMessageDeflateNegotiator(DEFAULT);
    assertEquals(
        "permessage-deflate; server_no_context_takeover",
        negotiator
            .negotiate(List.of("permessage-deflate; server_no_context_takeover"))
            .orElseThrow()
            .toString());
    ProtocolViolationException e =
        assertThrows(
            ProtocolViolationException.class,
            () -> negotiator.negotiate(List.of("permessage-deflate", "permessage-deflate")));
    assertEquals("Server accepted permessage-deflate more than once", e.getMessage());
    assertEquals(Optional.empty(), negotiator.negotiate(List.of()));
  }

  @Test
  void theOfferComesFromTheConfig() {
    assertEquals(
        Optional.of("permessage-deflate; client_max_window_bits"),
        new PerMessageDeflateNegotiator(DEFAULT).offer());
    assertEquals(
        Optional.empty(),
        new PerMessageDeflateNegotiator(PerMessageDeflateConfig.DISABLED).offer());
  }
}
