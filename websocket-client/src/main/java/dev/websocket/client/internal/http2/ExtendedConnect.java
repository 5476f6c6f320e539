package dev.websocket.client.internal.http2;

import dev.websocket.client.WebSocketException;
import dev.websocket.client.internal.HandshakeRequest;
import dev.websocket.client.internal.HandshakeResponse;
import dev.websocket.client.internal.HandshakeValidator;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The opening handshake of RFC 8441 section 4 as HTTP/2 headers, and the checks of the answer.
 * I/O-free: built from the same {@link HandshakeRequest} as the HTTP/1.1 upgrade, so every option
 * that applies (Origin, subprotocols, the permessage-deflate offer, cookie, authorization, the
 * user's headers) goes the same way.
 *
 * <p>The headers are built directly rather than converted from an HTTP/1.1 request: Netty's {@code
 * HttpConversionUtil} rewrites the path of any CONNECT into an authority.
 */
public final class ExtendedConnect {

  /** The {@code :protocol} of a WebSocket (RFC 8441 section 4). */
  static final String PROTOCOL = "websocket";

  /**
   * HTTP/1.1 headers that have no place in HTTP/2 (RFC 9113 section 8.2.2), or no place in RFC
   * 8441: the upgrade's own, the key (a stream needs no nonce), and Host, which becomes {@code
   * :authority}.
   */
  private static final Set<String> NOT_ON_A_STREAM =
      Set.of(
          "host",
          "upgrade",
          "connection",
          "keep-alive",
          "proxy-connection",
          "transfer-encoding",
          "te",
          "sec-websocket-key");

  private ExtendedConnect() {}

  /**
   * The HEADERS of the extended CONNECT: {@code :method CONNECT}, {@code :protocol websocket},
   * {@code :scheme}, {@code :path}, {@code :authority} (the Host the HTTP/1.1 request would have
   * sent, so a user's Host header still wins), then every other header of {@code request} with its
   * name in lower case.
   */
  public static Http2Headers headers(HandshakeRequest request, boolean secure) {
    Http2Headers headers =
        new DefaultHttp2Headers()
            .method("CONNECT")
            .scheme(secure ? "https" : "http")
            .path(request.resource())
            .authority(valueOf(request, "host"));
    headers.set(Http2Headers.PseudoHeaderName.PROTOCOL.value(), PROTOCOL);
    for (Map.Entry<String, String> header : request.headers()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!NOT_ON_A_STREAM.contains(name)) {
        headers.add(name, header.getValue());
      }
    }
    return headers;
  }

  private static String valueOf(HandshakeRequest request, String name) {
    for (Map.Entry<String, String> header : request.headers()) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue();
      }
    }
    throw new IllegalArgumentException("The handshake request has no " + name + " header");
  }

  /**
   * Judges the response HEADERS: any 2xx opens the WebSocket (RFC 8441 section 5), after the
   * subprotocol and extension checks of the HTTP/1.1 handshake; a redirect is returned as it is,
   * for the connector to follow as on HTTP/1.1; any other status fails as a bad status would on
   * HTTP/1.1.
   *
   * @throws WebSocketException a {@code WebSocketBadStatusException} for a status other than 2xx, a
   *     {@code WebSocketProtocolException} for a subprotocol or extension not offered
   */
  public static HandshakeResponse response(
      HandshakeRequest request, Http2Headers response, List<String> acceptedExtensions)
      throws WebSocketException {
    int status = status(response);
    Map<String, List<String>> headers = headerMap(response);
    if (status < 200 || status > 299) {
      HandshakeResponse redirect = HandshakeValidator.redirect(status, "", headers);
      if (redirect != null) {
        return redirect;
      }
      throw HandshakeValidator.badStatus(status, "", headers, null);
    }
    return HandshakeValidator.validateExtendedConnect(request, status, headers, acceptedExtensions);
  }

  /** The {@code :status}, or -1 when it is missing or not a number. */
  static int status(Http2Headers response) {
    CharSequence status = response.status();
    if (status == null) {
      return -1;
    }
    try {
      return Integer.parseInt(status.toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The regular headers (no pseudo-headers), names in lower case, values in the order received. */
  static Map<String, List<String>> headerMap(Http2Headers response) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<CharSequence, CharSequence> header : response) {
      String name = header.getKey().toString().toLowerCase(Locale.ROOT);
      if (!name.startsWith(":")) {
        headers.computeIfAbsent(name, k -> new ArrayList<>()).add(header.getValue().toString());
      }
    }
    headers.replaceAll((k, v) -> List.copyOf(v));
    return headers;
  }
}
