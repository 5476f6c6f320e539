package dev.websocket.client.internal;

import dev.websocket.client.WebSocketException;
import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/**
 * Cookies of the opening handshake kept in a {@link CookieHandler}, as a browser or Python's cookie
 * jar keeps them: the Set-Cookie headers of every handshake response (a redirect's included) are
 * stored, and the cookies matching each request's URL are sent, after the Cookie value given in the
 * options. Each WebSocket URL stands for its HTTP twin: wss as https, so secure cookies go only
 * over TLS. A Unix socket has no host to match, and gets none.
 */
final class HandshakeCookies {

  /** The jar nothing is kept in. */
  static final HandshakeCookies NONE = new HandshakeCookies(null);

  private final CookieHandler handler;

  private HandshakeCookies(CookieHandler handler) {
    this.handler = handler;
  }

  /**
   * Cookies kept in {@code handler}, or in {@link CookieHandler#getDefault()} when it is null; none
   * without either.
   */
  static HandshakeCookies of(CookieHandler handler) {
    CookieHandler chosen = handler != null ? handler : CookieHandler.getDefault();
    return chosen != null ? new HandshakeCookies(chosen) : NONE;
  }

  /**
   * The Cookie header for a request to {@code url}: {@code given} (the options' value, when it may
   * go there), then the stored cookies that match; null for none.
   *
   * @throws WebSocketException when the cookie handler fails
   */
  String header(WebSocketUrl url, String given) throws WebSocketException {
    URI uri = uri(url);
    if (uri == null) {
      return given;
    }
    Map<String, List<String>> stored;
    try {
      stored = handler.get(uri, Map.of());
    } catch (IOException | RuntimeException e) {
      throw new WebSocketException(
          "The cookie handler failed to give the cookies for " + uri + ": " + e, e);
    }
    StringBuilder cookie = new StringBuilder(given != null ? given : "");
    for (Map.Entry<String, List<String>> header : stored.entrySet()) {
      if (header.getKey().equalsIgnoreCase("Cookie")) {
        for (String value : header.getValue()) {
          cookie.append(cookie.length() > 0 ? "; " : "").append(value);
        }
      }
    }
    return cookie.length() > 0 ? cookie.toString() : null;
  }

  /**
   * Stores the Set-Cookie headers of a response from {@code url}.
   *
   * @throws WebSocketException when the cookie handler fails
   */
  void store(WebSocketUrl url, Map<String, List<String>> responseHeaders)
      throws WebSocketException {
    URI uri = uri(url);
    if (uri == null) {
      return;
    }
    try {
      handler.put(uri, responseHeaders);
    } catch (IOException | RuntimeException e) {
      throw new WebSocketException(
          "The cookie handler failed to store the cookies of " + uri + ": " + e, e);
    }
  }

  /**
   * The HTTP URL the WebSocket URL stands for, which cookie domains, paths and the secure flag are
   * matched against (no user info: it goes into messages); null when there is no jar, for a Unix
   * socket, or for a resource {@link URI} does not take.
   */
  private URI uri(WebSocketUrl url) {
    if (handler == null || url.unixSocketPath() != null) {
      return null;
    }
    try {
      return new URI(
          (url.isSecure() ? "https" : "http") + "://" + url.hostHeader() + url.resource());
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
