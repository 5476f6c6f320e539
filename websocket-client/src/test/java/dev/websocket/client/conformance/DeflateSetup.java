package dev.websocket.client.conformance;

import dev.websocket.client.ConnectOptions;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.ArrayList;
import java.util.List;

/**
 * A permessage-deflate configuration of a compression case: what the client offers and what Netty's
 * server handshaker (the fixture's) answers.
 *
 * <p>Netty's handshaker only grants {@code server_max_window_bits} and {@code
 * server_no_context_takeover} when the client asks for them, so for those the client's offer is
 * replaced with a {@code Sec-WebSocket-Extensions} header that requests them, which the client's
 * options allow; the client then negotiates the answer with its own negotiator as usual. {@code
 * client_max_window_bits} and {@code client_no_context_takeover} are the server's preference,
 * granted because the client offers {@code client_max_window_bits} (and, when asked for here,
 * {@code client_no_context_takeover}).
 *
 * @param serverMaxWindowBits 8..15, the window the server compresses with
 * @param serverNoContextTakeover whether the server resets its compressor per message
 * @param clientMaxWindowBits 8..15, the window the server asks the client to use
 * @param clientNoContextTakeover whether the server asks the client to reset per message
 */
record DeflateSetup(
    int serverMaxWindowBits,
    boolean serverNoContextTakeover,
    int clientMaxWindowBits,
    boolean clientNoContextTakeover) {

  static final DeflateSetup DEFAULT = new DeflateSetup(15, false, 15, false);

  /** The server's handshaker for this setup. */
  PerMessageDeflateServerExtensionHandshaker handshaker() {
    return new PerMessageDeflateServerExtensionHandshaker(
        6, true, clientMaxWindowBits, true, clientNoContextTakeover, 64 * 1024 * 1024);
  }

  /** The client's offer, or null to keep the client's own default offer. */
  String offer() {
    if (equals(DEFAULT)) {
      return null;
    }
    List<String> parts = new ArrayList<>(List.of("permessage-deflate"));
    if (serverMaxWindowBits != 15) {
      parts.add("server_max_window_bits=" + serverMaxWindowBits);
    }
    if (serverNoContextTakeover) {
      parts.add("server_no_context_takeover");
    }
    parts.add("client_max_window_bits");
    if (clientNoContextTakeover) {
      parts.add("client_no_context_takeover");
    }
    return String.join("; ", parts);
  }

  ConnectOptions.Builder apply(ConnectOptions.Builder options) {
    String offer = offer();
    return offer == null ? options : options.header("Sec-WebSocket-Extensions", offer);
  }

  /**
   * Whether the client compresses a whole message of {@code length} bytes: from its 1024-byte
   * threshold up, and with a window under 15 bits only up to the window's size (its deflater cannot
   * bound zlib's window, so it bounds the message instead).
   */
  boolean clientCompresses(int length) {
    return length >= 1024 && (clientMaxWindowBits == 15 || length <= (1 << clientMaxWindowBits));
  }

  @Override
  public String toString() {
    return "server_max_window_bits="
        + serverMaxWindowBits
        + (serverNoContextTakeover ? " server_no_context_takeover" : "")
        + " client_max_window_bits="
        + clientMaxWindowBits
        + (clientNoContextTakeover ? " client_no_context_takeover" : "");
  }
}
