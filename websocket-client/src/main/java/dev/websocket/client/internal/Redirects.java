package dev.websocket.client.internal;

import dev.websocket.client.ServerText;
import dev.websocket.client.WebSocketException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Following redirects of the opening handshake safely: a limit, loop detection, only to {@code
 * ws://} or {@code wss://} (never to a Unix socket or another scheme a server could use to reach
 * what the client can but it cannot), no downgrade from wss to ws, and credentials kept to the
 * origin they were meant for.
 */
public final class Redirects {

  private final int limit;

  /** Every URL tried, by its text as given, for loop detection; shown with passwords masked. */
  private final Map<String, WebSocketUrl> visited = new LinkedHashMap<>();

  private final String originalOrigin;

  /** Redirect bookkeeping starting at {@code first}. */
  public Redirects(WebSocketUrl first, int limit) {
    this.limit = limit;
    this.originalOrigin = first.originKey();
    visited.put(first.url(), first);
  }

  /** Whether a status is a redirect this client follows. */
  public static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /**
   * The next URL to try.
   *
   * @throws WebSocketException past the limit, on a loop, for a Location that is not a ws:// or
   *     wss:// URL, or on a downgrade to ws
   */
  public WebSocketUrl follow(WebSocketUrl from, int status, String location)
      throws WebSocketException {
    if (visited.size() > limit) {
      throw new WebSocketException(
          "Too many redirects: more than "
              + limit
              + " (last "
              + status
              + " to "
              + ServerText.quote(WebSocketUrl.redact(location))
              + ")");
    }
    WebSocketUrl next;
    try {
      next = from.resolve(location);
    } catch (IllegalArgumentException e) {
      throw new WebSocketException(
          "Refusing redirect " + status + " from " + from + ": " + e.getMessage(), e);
    }
    if (from.isSecure() && !next.isSecure()) {
      throw new WebSocketException(
          "Refusing redirect from " + from + " to " + next + ": it downgrades wss to ws");
    }
    if (visited.putIfAbsent(next.url(), next) != null) {
      throw new WebSocketException(
          "Redirect loop: "
              + visited.values().stream()
                  .map(WebSocketUrl::toString)
                  .collect(Collectors.joining(" -> "))
              + " -> "
              + next);
    }
    return next;
  }

  /**
   * Whether {@code url} has the origin (scheme, host and port, or Unix socket) the connection
   * started with, so credentials may go there: the Authorization, Proxy-Authorization and Cookie
   * headers, the cookie option and the first URL's user info. Other custom headers go to every
   * host, as with curl and browsers.
   */
  public boolean sameOriginAsFirst(WebSocketUrl url) {
    return url.originKey().equals(originalOrigin);
  }

  /** Whether a header carries credentials, and so is sent only to the first URL's origin. */
  public static boolean isCredential(String header) {
    return header.equalsIgnoreCase("authorization")
        || header.equalsIgnoreCase("proxy-authorization")
        || header.equalsIgnoreCase("cookie");
  }
}
