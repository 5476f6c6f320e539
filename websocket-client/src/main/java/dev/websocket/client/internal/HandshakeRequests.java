package dev.websocket.client.internal;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.WebSocketException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The opening request of each attempt, from the options: headers in the order given, then the
 * supplied ones; credentials (Cookie, Authorization, the URL's user info) only to the host they
 * were given for.
 */
final class HandshakeRequests {

  private final ConnectOptions options;
  private final Optional<String> extensionOffer;
  private final HandshakeCookies cookies;

  HandshakeRequests(
      ConnectOptions options, Optional<String> extensionOffer, HandshakeCookies cookies) {
    this.options = options;
    this.extensionOffer = extensionOffer;
    this.cookies = cookies;
  }

  /**
   * The request for {@code url}.
   *
   * @param first the URL the connection started with, whose user info a redirect on the same origin
   *     keeps
   * @param sameOrigin whether {@code url} is on the first URL's origin, so credentials may go there
   * @throws IllegalArgumentException when a supplied header is not a valid header
   * @throws WebSocketException when the cookie handler fails
   */
  HandshakeRequest forAttempt(WebSocketUrl url, WebSocketUrl first, boolean sameOrigin)
      throws WebSocketException {
    HandshakeRequest.Builder builder =
        HandshakeRequest.builder(url)
            .host(options.host())
            .origin(options.origin())
            .suppressOrigin(options.suppressOrigin())
            .protocols(options.subprotocols())
            .extensions(extensionOffer.orElse(null));
    // Credentials are for the host they were given for: a redirect elsewhere goes without them.
    // The jar's cookies carry their own domains.
    builder.cookie(cookies.header(url, sameOrigin ? options.cookie() : null));
    if (sameOrigin) {
      if (url.userInfo() == null && first.userInfo() != null) {
        builder.userInfo(first.userInfo());
      }
    }
    Map<String, String> supplied =
        options.headerSupplier() != null ? options.headerSupplier().get() : null;
    Set<String> suppliedNames = new HashSet<>();
    if (supplied != null) {
      supplied.forEach(
          (name, value) -> {
            HeaderText.checkHeader(name, value);
            suppliedNames.add(name.toLowerCase(Locale.ROOT));
          });
    }
    // A supplied header is the fresh value of a header given once: it replaces it.
    for (Map.Entry<String, String> header : options.headers()) {
      String name = header.getKey();
      if ((sameOrigin || !Redirects.isCredential(name))
          && !suppliedNames.contains(name.toLowerCase(Locale.ROOT))) {
        builder.header(name, header.getValue());
      }
    }
    if (supplied != null) {
      supplied.forEach(
          (name, value) -> {
            if (sameOrigin || !Redirects.isCredential(name)) {
              builder.header(name, value);
            }
          });
    }
    return builder.build();
  }
}
