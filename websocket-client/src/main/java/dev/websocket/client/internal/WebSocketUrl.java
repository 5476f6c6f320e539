package dev.websocket.client.internal;

import dev.websocket.client.ServerText;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A parsed {@code ws://}, {@code wss://} or {@code ws+unix://} URL: where to connect and what to
 * ask for.
 *
 * <p>{@code ws+unix:///run/app.sock} connects to a Unix domain socket; a request path may follow
 * the socket path after a colon: {@code ws+unix:///run/app.sock:/chat?room=1}.
 */
public final class WebSocketUrl {

  private final String url;
  private final boolean secure;
  private final String host;
  private final int port;
  private final String resource;
  private final String userInfo;
  private final String unixSocketPath;

  private WebSocketUrl(
      String url,
      boolean secure,
      String host,
      int port,
      String resource,
      String userInfo,
      String unixSocketPath) {
    this.url = url;
    this.secure = secure;
    this.host = host;
    this.port = port;
    this.resource = resource;
    this.userInfo = userInfo;
    this.unixSocketPath = unixSocketPath;
  }

  /**
   * Parses a URL.
   *
   * @throws IllegalArgumentException naming the URL and what is wrong with it
   */
  public static WebSocketUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("WebSocket URL is empty");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "Malformed WebSocket URL " + redact(url) + ": " + e.getReason(), e);
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme == null) {
      throw new IllegalArgumentException(
          "WebSocket URL " + redact(url) + " has no scheme: expected ws://, wss:// or ws+unix://");
    }
    switch (scheme) {
      case "ws":
      case "wss":
        return network(url, uri, scheme.equals("wss"));
      case "ws+unix":
        return unix(url, uri);
      default:
        throw new IllegalArgumentException(
            "WebSocket URL "
                + redact(url)
                + " has an unknown scheme '"
                + uri.getScheme()
                + "': expected ws://, wss:// or ws+unix://");
    }
  }

  private static WebSocketUrl network(String url, URI uri, boolean secure) {
    // The authority is read here rather than by java.net.URI, which leaves host and port unset for
    // names it calls registry-based (an underscore, as in Docker service names) and for bad ports.
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      throw new IllegalArgumentException("WebSocket URL " + redact(url) + " has no host");
    }
    String userInfo = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      userInfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
    }
    String host;
    String portText = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException(
            "WebSocket URL " + redact(url) + " has a malformed IPv6 address");
      }
      host = authority.substring(1, close);
      String rest = authority.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException(
              "WebSocket URL " + redact(url) + " has a malformed IPv6 address");
        }
        portText = rest.substring(1);
      }
    } else {
      int colon = authority.lastIndexOf(':');
      host = colon >= 0 ? authority.substring(0, colon) : authority;
      portText = colon >= 0 ? authority.substring(colon + 1) : null;
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("WebSocket URL " + redact(url) + " has no host");
    }
    return new WebSocketUrl(
        url,
        secure,
        host,
        port(url, portText, secure),
        resource(uri.getRawPath(), uri.getRawQuery()),
        userInfo,
        null);
  }

  /** The port of {@code host:port}; a missing or empty one is the scheme's default. */
  private static int port(String url, String text, boolean secure) {
    if (text == null || text.isEmpty()) {
      return secure ? 443 : 80;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        throw new IllegalArgumentException(
            "WebSocket URL " + redact(url) + " has an invalid port '" + text + "'");
      }
    }
    long port = text.length() > 5 ? Long.MAX_VALUE : Long.parseLong(text);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "WebSocket URL " + redact(url) + " has a port out of range: " + text);
    }
    return (int) port;
  }

  private static WebSocketUrl unix(String url, URI uri) {
    String path = uri.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      throw new IllegalArgumentException(
          "WebSocket URL "
              + redact(url)
              + " names no socket path: expected ws+unix:///path/to.sock");
    }
    String socketPath = path;
    String requestPath = "/";
    int colon = path.indexOf(':');
    if (colon >= 0) {
      socketPath = path.substring(0, colon);
      requestPath = path.substring(colon + 1);
      if (!requestPath.startsWith("/")) {
        requestPath = "/" + requestPath;
      }
    }
    return new WebSocketUrl(
        url,
        false,
        "localhost",
        80,
        resource(requestPath, uri.getRawQuery()),
        null,
        URLDecoder.decode(socketPath, StandardCharsets.UTF_8));
  }

  private static String resource(String path, String query) {
    String resource = path == null || path.isEmpty() ? "/" : path;
    return query == null ? resource : resource + "?" + query;
  }

  /** The URL as given. */
  public String url() {
    return url;
  }

  /** True for wss. */
  public boolean isSecure() {
    return secure;
  }

  /** The host (IPv6 without brackets); "localhost" for a Unix socket. */
  public String host() {
    return host;
  }

  /** The port, the scheme's default when the URL gives none. */
  public int port() {
    return port;
  }

  /** Whether the port is the scheme's default (and so left out of Host and Origin). */
  public boolean hasDefaultPort() {
    return port == (secure ? 443 : 80);
  }

  /** Path and query, as sent in the request line. */
  public String resource() {
    return resource;
  }

  /** The raw {@code user:password} of the URL, or null. */
  public String userInfo() {
    return userInfo;
  }

  /** The Unix domain socket path, or null for TCP. */
  public String unixSocketPath() {
    return unixSocketPath;
  }

  /** The host as written in a Host header: IPv6 in brackets, the port when not the default. */
  public String hostHeader() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return hasDefaultPort() ? h : h + ":" + port;
  }

  /** The Origin the Python library sends by default: {@code http(s)://host[:port]}. */
  public String defaultOrigin() {
    return (secure ? "https://" : "http://") + hostHeader();
  }

  /**
   * Resolves a redirect's Location against this URL. An absolute Location must be {@code ws://} or
   * {@code wss://}: a server may not send the client to a Unix socket, a file or another protocol.
   * A relative one keeps this URL's scheme, host and port (or Unix socket).
   *
   * @throws IllegalArgumentException when the Location is malformed or names another scheme
   */
  public WebSocketUrl resolve(String location) {
    URI relative;
    try {
      relative = new URI(location.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "Malformed redirect Location "
              + ServerText.quote(redact(location))
              + ": "
              + e.getReason(),
          e);
    }
    if (relative.getScheme() != null) {
      String scheme = relative.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("ws") && !scheme.equals("wss")) {
        throw new IllegalArgumentException(
            "Redirect Location "
                + ServerText.quote(redact(location))
                + " is not a ws:// or wss:// URL");
      }
      return parse(location);
    }
    URI target =
        URI.create((secure ? "wss://" : "ws://") + hostHeader() + resource).resolve(relative);
    String path = resource(target.getRawPath(), target.getRawQuery());
    if (unixSocketPath != null) {
      return new WebSocketUrl(
          "ws+unix://" + unixSocketPath + ":" + path,
          false,
          host,
          port,
          path,
          null,
          unixSocketPath);
    }
    return parse(target.toString());
  }

  /** Scheme, host and port: two URLs with the same origin key are the same server. */
  public String originKey() {
    return (unixSocketPath != null
            ? "unix:" + unixSocketPath
            : (secure ? "wss://" : "ws://") + hostHeader())
        .toLowerCase(Locale.ROOT);
  }

  /**
   * The URL as given, its password (if any) shown as {@code ****}: the form for messages and logs.
   */
  @Override
  public String toString() {
    return redact(url);
  }

  /**
   * {@code url} with the password of its user info replaced by {@code ****}; a URL without one is
   * returned unchanged. Works on any text shaped like a URL, parsable or not, so error messages
   * about a malformed URL do not show its password either.
   */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    int schemeEnd = url.indexOf("://");
    int authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
    int authorityEnd = authorityStart;
    while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    int at = url.lastIndexOf('@', authorityEnd - 1);
    if (at < authorityStart) {
      return url;
    }
    int colon = url.indexOf(':', authorityStart);
    if (colon < 0 || colon > at) {
      return url;
    }
    return url.substring(0, colon + 1) + "****" + url.substring(at);
  }
}
