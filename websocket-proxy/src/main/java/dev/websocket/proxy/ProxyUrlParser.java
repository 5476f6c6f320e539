package dev.websocket.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parses proxy URLs ({@code socks5h://user:pass@host:1080}) into {@link ProxyConfig}s.
 *
 * <p>Hand-written rather than {@link java.net.URI}, which rejects host names with underscores and
 * some characters that appear unencoded in real {@code http_proxy} values. Every error names the
 * URL with its password masked.
 */
final class ProxyUrlParser {

  /** Replaces the password when a URL is quoted in an error message. */
  private static final String MASK = "****";

  private ProxyUrlParser() {}

  static ProxyConfig parse(String url) {
    if (url == null) {
      throw new IllegalArgumentException("proxy URL must not be null");
    }
    String text = url.trim();
    try {
      return parseTrimmed(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid proxy URL '" + redact(text) + "': " + e.getMessage(), e.getCause());
    }
  }

  private static ProxyConfig parseTrimmed(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty");
    }
    ProxyType type = ProxyType.HTTP;
    String rest = text;
    int schemeEnd = text.indexOf("://");
    if (schemeEnd >= 0) {
      String scheme = text.substring(0, schemeEnd);
      type = ProxyType.fromScheme(scheme).orElseThrow(() -> unknownScheme(scheme));
      rest = text.substring(schemeEnd + 3);
    }
    String user = null;
    String password = null;
    // The last '@' ends the user info: passwords in the wild contain unencoded '@', '/' and '#'.
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = userInfo.indexOf(':');
      user = percentDecode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user");
      password = colon < 0 ? "" : percentDecode(userInfo.substring(colon + 1), "password");
    }
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    if (firstOf(rest, "/?#") >= 0) {
      throw new IllegalArgumentException("a proxy URL has no path, query or fragment");
    }

    String host;
    String portText = null;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("unclosed '[' in host");
      }
      host = rest.substring(1, close);
      String after = rest.substring(close + 1);
      if (!after.isEmpty()) {
        if (after.charAt(0) != ':') {
          throw new IllegalArgumentException("unexpected text after ']'");
        }
        portText = after.substring(1);
      }
      if (!IpLiterals.isIpv6(host)) {
        throw new IllegalArgumentException("'" + host + "' in brackets is not an IPv6 address");
      }
    } else {
      int colon = rest.lastIndexOf(':');
      if (colon >= 0 && rest.indexOf(':') != colon) {
        throw new IllegalArgumentException("an IPv6 address must be written in brackets");
      }
      host = colon < 0 ? rest : rest.substring(0, colon);
      portText = colon < 0 ? null : rest.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    int port = portText == null ? ProxyConfig.DEFAULT_PORT : parsePort(portText);

    ProxyConfig config = ProxyConfig.of(type, host, port);
    if (user != null && (!user.isEmpty() || !password.isEmpty())) {
      if (user.isEmpty()) {
        throw new IllegalArgumentException("a password without a user");
      }
      config = config.withAuth(user, password);
    }
    return config;
  }

  private static IllegalArgumentException unknownScheme(String scheme) {
    String lower = scheme.toLowerCase(Locale.ROOT);
    if (lower.equals("https")) {
      return new IllegalArgumentException(
          "TLS to the proxy (https://) is not supported; use http:// for an HTTP CONNECT proxy");
    }
    return new IllegalArgumentException(
        "unknown scheme '" + scheme + "' (expected http, socks4, socks4a, socks5 or socks5h)");
  }

  private static int parsePort(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("port '" + text + "' is not a number");
    }
    int port = Integer.parseInt(text);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range 1 to 65535");
    }
    return port;
  }

  private static int firstOf(String text, String characters) {
    for (int i = 0; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** RFC 3986 percent-decoding; unlike {@code URLDecoder}, '+' stays a plus sign. */
  private static String percentDecode(String text, String what) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '%') {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
        continue;
      }
      int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
      int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
      if (high < 0 || low < 0) {
        throw new IllegalArgumentException("bad percent-encoding in the " + what);
      }
      bytes.write(high << 4 | low);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the " + what + " is not UTF-8 once percent-decoded");
    }
  }

  /**
   * The URL with the password (anything between the first ':' and the last '@' of the user info)
   * masked.
   */
  static String redact(String url) {
    int schemeEnd = url.indexOf("://");
    int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
    int at = url.lastIndexOf('@');
    if (at < start) {
      return url;
    }
    int colon = url.indexOf(':', start);
    if (colon < 0 || colon > at) {
      return url;
    }
    return url.substring(0, colon + 1) + MASK + url.substring(at);
  }
}
