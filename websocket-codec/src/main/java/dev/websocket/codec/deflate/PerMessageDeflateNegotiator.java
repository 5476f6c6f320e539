package dev.websocket.codec.deflate;

import static dev.websocket.codec.deflate.PerMessageDeflateConfig.CLIENT_MAX_WINDOW_BITS;
import static dev.websocket.codec.deflate.PerMessageDeflateConfig.CLIENT_NO_CONTEXT_TAKEOVER;
import static dev.websocket.codec.deflate.PerMessageDeflateConfig.EXTENSION_NAME;
import static dev.websocket.codec.deflate.PerMessageDeflateConfig.SERVER_MAX_WINDOW_BITS;
import static dev.websocket.codec.deflate.PerMessageDeflateConfig.SERVER_NO_CONTEXT_TAKEOVER;

import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.ProtocolViolationException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The client side of permessage-deflate negotiation (RFC 7692 sections 5 and 7.1): sends the offer
 * of a {@link PerMessageDeflateConfig} and checks the server's {@code Sec-WebSocket-Extensions}
 * answer against it.
 *
 * <p>An answer is accepted when it is well formed (RFC 6455 section 9.1), names no extension but
 * {@code permessage-deflate}, names that one at most once, and its parameters obey RFC 7692: only
 * the four defined names, each at most once, the two {@code *_no_context_takeover} without a value,
 * the two {@code *_max_window_bits} with a value from 8 to 15 without leading zeros (quoted or
 * not), {@code client_max_window_bits} only if offered and no larger than offered, and whatever the
 * client requested of the server ({@code server_no_context_takeover}, {@code
 * server_max_window_bits=N}) granted. Anything else fails the handshake with {@link
 * CloseStatus#INVALID_EXTENSION} and a message that names the problem.
 *
 * <p>Because this client offers no other extension, any other extension name in the answer is an
 * error too. Stateless and thread safe.
 */
public final class PerMessageDeflateNegotiator {

  /** The handshake header that carries the offer and the answer (RFC 6455 section 9.1). */
  public static final String HEADER_NAME = "Sec-WebSocket-Extensions";

  private static final Set<String> WINDOW_BITS_VALUES =
      Set.of("8", "9", "10", "11", "12", "13", "14", "15");

  private final PerMessageDeflateConfig config;

  /** A negotiator for what {@code config} offers. */
  public PerMessageDeflateNegotiator(PerMessageDeflateConfig config) {
    if (config == null) {
      throw new NullPointerException("config");
    }
    this.config = config;
  }

  /** The configuration whose offer this negotiator checks answers against. */
  public PerMessageDeflateConfig config() {
    return config;
  }

  /**
   * The value of the {@value #HEADER_NAME} request header, or empty when compression is disabled
   * (then send no such header).
   */
  public Optional<String> offer() {
    return config.isEnabled() ? Optional.of(config.offer()) : Optional.empty();
  }

  /**
   * Checks the server's answer.
   *
   * @param responseHeaderValue the {@value #HEADER_NAME} response header, or null when absent
   * @return the agreed parameters, or empty when the server declined (no or an empty header)
   * @throws ProtocolViolationException with {@link CloseStatus#INVALID_EXTENSION} when the answer
   *     is malformed or does not match the offer
   */
  public Optional<DeflateParameters> negotiate(String responseHeaderValue) {
    if (responseHeaderValue == null) {
      return Optional.empty();
    }
    DeflateParameters agreed = null;
    for (ExtensionHeader.Element element : ExtensionHeader.parse(responseHeaderValue)) {
      if (!config.isEnabled() || !element.name().equals(EXTENSION_NAME)) {
        throw invalid(
            "Server accepted extension \"" + element.name() + "\", which the client did not offer");
      }
      if (agreed != null) {
        throw invalid("Server accepted " + EXTENSION_NAME + " more than once");
      }
      agreed = accept(element.params());
    }
    return Optional.ofNullable(agreed);
  }

  /**
   * Checks an answer spread over several header lines, which mean the same as one line with the
   * values joined by commas (RFC 7230 section 3.2.2).
   *
   * @see #negotiate(String)
   */
  public Optional<DeflateParameters> negotiate(List<String> responseHeaderValues) {
    if (responseHeaderValues == null || responseHeaderValues.isEmpty()) {
      return Optional.empty();
    }
    return negotiate(String.join(", ", responseHeaderValues));
  }

  private DeflateParameters accept(List<ExtensionHeader.Param> params) {
    boolean serverNoContextTakeover = false;
    boolean clientNoContextTakeover = false;
    int serverMaxWindowBits = 0;
    int clientMaxWindowBits = 0;
    Set<String> seen = new HashSet<>();
    for (ExtensionHeader.Param param : params) {
      String name = param.name();
      switch (name) {
        case SERVER_NO_CONTEXT_TAKEOVER:
        case CLIENT_NO_CONTEXT_TAKEOVER:
        case SERVER_MAX_WINDOW_BITS:
        case CLIENT_MAX_WINDOW_BITS:
          break;
        default:
          throw invalid("Unknown " + EXTENSION_NAME + " parameter \"" + name + "\"");
      }
      if (!seen.add(name)) {
        throw invalid("Duplicate " + EXTENSION_NAME + " parameter \"" + name + "\"");
      }
      switch (name) {
        case SERVER_NO_CONTEXT_TAKEOVER:
          requireNoValue(param);
          serverNoContextTakeover = true;
          break;
        case CLIENT_NO_CONTEXT_TAKEOVER:
          requireNoValue(param);
          clientNoContextTakeover = true;
          break;
        case SERVER_MAX_WINDOW_BITS:
          serverMaxWindowBits = windowBits(param);
          break;
        default: // CLIENT_MAX_WINDOW_BITS
          // RFC 7692 section 7.1.2.2: only in answer to an offer that has it.
          if (!config.offersClientMaxWindowBits()) {
            throw invalid(
                "Server sent " + CLIENT_MAX_WINDOW_BITS + ", which the client did not offer");
          }
          clientMaxWindowBits = windowBits(param);
          break;
      }
    }

    // RFC 7692 section 7.1.1.1: a server that accepts the offer includes the parameter.
    if (config.requestsServerNoContextTakeover() && !serverNoContextTakeover) {
      throw invalid(
          "Server omitted " + SERVER_NO_CONTEXT_TAKEOVER + ", which the client requested");
    }
    // RFC 7692 section 7.1.2.1: "the same or smaller value as the offer".
    if (config.serverMaxWindowBits().isPresent()) {
      int requested = config.serverMaxWindowBits().getAsInt();
      if (serverMaxWindowBits == 0) {
        throw invalid("Server omitted " + SERVER_MAX_WINDOW_BITS + ", which the client requested");
      }
      if (serverMaxWindowBits > requested) {
        throw invalid(
            "Server answered "
                + SERVER_MAX_WINDOW_BITS
                + "="
                + serverMaxWindowBits
                + ", above the requested "
                + requested);
      }
    }
    // RFC 7692 section 7.1.2.2: "a value equal to or smaller than the received value".
    if (config.clientMaxWindowBits().isPresent()) {
      int offered = config.clientMaxWindowBits().getAsInt();
      if (clientMaxWindowBits > offered) {
        throw invalid(
            "Server answered "
                + CLIENT_MAX_WINDOW_BITS
                + "="
                + clientMaxWindowBits
                + ", above the offered "
                + offered);
      }
      if (clientMaxWindowBits == 0) {
        clientMaxWindowBits = offered; // The client keeps the limit it announced.
      }
    }

    return DeflateParameters.builder()
        .serverNoContextTakeover(serverNoContextTakeover)
        // RFC 7692 section 7.1.1.2: offering it commits the client even if the server is silent.
        .clientNoContextTakeover(
            clientNoContextTakeover || config.requestsClientNoContextTakeover())
        .serverMaxWindowBits(orLargest(serverMaxWindowBits))
        .clientMaxWindowBits(orLargest(clientMaxWindowBits))
        .build();
  }

  /** No window parameter (0) means the largest window (RFC 7692 section 7.1.2). */
  private static int orLargest(int windowBits) {
    return windowBits == 0 ? DeflateParameters.MAX_WINDOW_BITS : windowBits;
  }

  private static void requireNoValue(ExtensionHeader.Param param) {
    if (param.value() != null) {
      throw invalid(
          "Parameter \"" + param.name() + "\" takes no value, got \"" + param.value() + "\"");
    }
  }

  /** RFC 7692 section 7.1.2: "a decimal integer value without leading zeroes between 8 and 15". */
  private static int windowBits(ExtensionHeader.Param param) {
    String value = param.value();
    if (value == null) {
      throw invalid("Parameter \"" + param.name() + "\" needs a value from 8 to 15");
    }
    if (!WINDOW_BITS_VALUES.contains(value)) {
      throw invalid(
          "Invalid "
              + param.name()
              + " value \""
              + value
              + "\": must be an integer from 8 to 15 without leading zeros");
    }
    return Integer.parseInt(value);
  }

  private static ProtocolViolationException invalid(String message) {
    return new ProtocolViolationException(CloseStatus.INVALID_EXTENSION, message);
  }
}
