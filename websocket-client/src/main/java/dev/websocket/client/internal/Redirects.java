package dev.websocket.client.internal;

import dev.websocket.client.WebSocketException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Following redirects of the opening handshake safely: a limit, loop detection, no downgrade from
 * wss to ws, and credentials kept to the host they were meant for.
 */
public final class Redirects {

  private final int limit;
  private final Set<String> visited = new LinkedHashSet<>();
  private final String originalOrigin;

  /** Redirect bookkeeping starting at {@code first}. */
  public Redirects(WebSocketUrl first, int limit) {
    this.limit = limit;
    this.originalOrigin = first.originKey();
    visited.add(first.url());
  }

  /** Whether a status is a redirect this client follows. */
  public static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /**
   * The next URL to try.
   *
   * @throws WebSocketException past the limit, on a loop, or on a downgrade to ws
   */
  public WebSocketUrl follow(WebSocketUrl from, int status, String location) throws WebSocketException {
    if (visited.size() > limit) {
      throw new WebSocketException("Too many redirects: more than " + limit + " (last " + status + " to " + location + ")");
    }
    WebSocketUrl next;
    try {
      next = from.resolve(location);
    } catch (IllegalArgumentException e) {
      throw new WebSocketException("Bad redirect from " + from + ": " + e.getMessage(), e);
    }
    if (from.isSecure() && !next.isSecure()) {
      throw new WebSocketException("Refusing redirect from " + from + " to " + next + ": it downgrades wss to ws");
    }
    if (!visited.add(next.url())) {
      throw new WebSocketException("Redirect loop: " + String.join(" -> ", visited) + " -> " + next);
    }
    return next;
  }

  /** Whether {@code url} is on the host the connection started with, so credentials may go there. */
  public boolean sameOriginAsFirst(WebSocketUrl url) {
    return url.originKey().equals(originalOrigin);
  }
}
