package dev.websocket.proxy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One proxy: its protocol, address, optional credentials and handshake timeout. Immutable, with
 * value equality; {@link #toString()} never shows the password.
 *
 * <pre>{@code
 * ProxyConfig proxy = ProxyConfig.socks5h("proxy.internal", 1080).withAuth("alice", "s3cret");
 * ProxyConfig same = ProxyConfig.parse("socks5h://alice:s3cret@proxy.internal:1080");
 * }</pre>
 *
 * <p>Credentials mean: HTTP Basic ({@code Proxy-Authorization}) for {@link ProxyType#HTTP}; RFC
 * 1929 username/password for SOCKS5; the user id field for SOCKS4, which has no password (a
 * password given for SOCKS4 is ignored).
 */
public final class ProxyConfig {

  /**
   * How long the proxy handshake may take, from the TCP connection to the proxy until the tunnel is
   * ready: 10 seconds, the default of Netty's {@code ProxyHandler}. Python's {@code
   * http_proxy_timeout} has no default of its own; a proxy that accepts the connection and then
   * never answers should still fail in bounded time.
   */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The port {@link #parse(String)} uses when a proxy URL has none: 1080 for every scheme, as curl
   * does (1080 is the registered SOCKS port; curl applies it to HTTP proxies too).
   */
  public static final int DEFAULT_PORT = 1080;

  /** RFC 1929 limits the SOCKS5 username and password to 255 bytes each. */
  private static final int MAX_SOCKS5_CREDENTIAL_LENGTH = 255;

  private final ProxyType type;
  private final String host;
  private final int port;
  private final String username;
  private final String password;
  private final Duration connectTimeout;

  private ProxyConfig(
      ProxyType type,
      String host,
      int port,
      String username,
      String password,
      Duration connectTimeout) {
    this.type = type;
    this.host = host;
    this.port = port;
    this.username = username;
    this.password = password;
    this.connectTimeout = connectTimeout;
  }

  /** An HTTP CONNECT proxy at {@code host:port}, used for both {@code ws} and {@code wss}. */
  public static ProxyConfig http(String host, int port) {
    return of(ProxyType.HTTP, host, port);
  }

  /** A SOCKS4 proxy; the client resolves the destination and sends its IPv4 address. */
  public static ProxyConfig socks4(String host, int port) {
    return of(ProxyType.SOCKS4, host, port);
  }

  /** A SOCKS4a proxy; the destination's host name is sent to the proxy, which resolves it. */
  public static ProxyConfig socks4a(String host, int port) {
    return of(ProxyType.SOCKS4A, host, port);
  }

  /** A SOCKS5 proxy; the client resolves the destination and sends its IP address. */
  public static ProxyConfig socks5(String host, int port) {
    return of(ProxyType.SOCKS5, host, port);
  }

  /** A SOCKS5 proxy that resolves the destination: its host name is sent as a DOMAIN address. */
  public static ProxyConfig socks5h(String host, int port) {
    return of(ProxyType.SOCKS5H, host, port);
  }

  /**
   * A proxy of the given type at {@code host:port}, without credentials and with {@link
   * #DEFAULT_CONNECT_TIMEOUT}.
   *
   * @param host a host name or IP literal; an IPv6 literal may be written in brackets
   * @param port 1 to 65535
   * @throws IllegalArgumentException if the host is empty or malformed, or the port out of range
   */
  public static ProxyConfig of(ProxyType type, String host, int port) {
    Objects.requireNonNull(type, "type");
    return new ProxyConfig(
        type, checkHost(host), checkPort(port), null, null, DEFAULT_CONNECT_TIMEOUT);
  }

  /**
   * Parses a proxy URL: {@code [scheme://][user[:password]@]host[:port][/]}, where scheme is {@code
   * http}, {@code socks4}, {@code socks4a}, {@code socks5} or {@code socks5h} (any case). As in
   * curl, a URL without a scheme is an HTTP proxy and a missing port is {@link #DEFAULT_PORT}. The
   * user and password are percent-decoded (UTF-8), so {@code p%40ss} means {@code p@ss}.
   *
   * @throws IllegalArgumentException naming the URL (password masked) and what is wrong with it
   */
  public static ProxyConfig parse(String url) {
    return ProxyUrlParser.parse(url);
  }

  /**
   * This proxy with credentials.
   *
   * @param user non-empty; for HTTP it must not contain {@code ':'} (RFC 7617)
   * @param password the password, or {@code null} for none; ignored by SOCKS4
   * @throws IllegalArgumentException if the user is empty, or a credential is too long for SOCKS5
   *     (255 characters) or contains a control character
   */
  public ProxyConfig withAuth(String user, String password) {
    Objects.requireNonNull(user, "user");
    String secret = password == null ? "" : password;
    if (user.isEmpty()) {
      throw new IllegalArgumentException("proxy user must not be empty");
    }
    checkCredential("user", user);
    checkCredential("password", secret);
    if (type == ProxyType.HTTP && user.indexOf(':') >= 0) {
      throw new IllegalArgumentException("HTTP proxy user must not contain ':' (RFC 7617)");
    }
    if ((type == ProxyType.SOCKS5 || type == ProxyType.SOCKS5H)
        && (user.length() > MAX_SOCKS5_CREDENTIAL_LENGTH
            || secret.length() > MAX_SOCKS5_CREDENTIAL_LENGTH)) {
      throw new IllegalArgumentException(
          "SOCKS5 user and password are limited to "
              + MAX_SOCKS5_CREDENTIAL_LENGTH
              + " characters each (RFC 1929)");
    }
    return new ProxyConfig(type, host, port, user, secret, connectTimeout);
  }

  /** This proxy without credentials. */
  public ProxyConfig withoutAuth() {
    return new ProxyConfig(type, host, port, null, null, connectTimeout);
  }

  /**
   * This proxy with a different handshake timeout (see {@link #DEFAULT_CONNECT_TIMEOUT}); the
   * counterpart of Python's {@code http_proxy_timeout}.
   *
   * @param timeout positive, at least one millisecond
   * @throws IllegalArgumentException if the timeout is shorter than one millisecond
   */
  public ProxyConfig withConnectTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.toMillis() < 1) {
      throw new IllegalArgumentException("proxy connect timeout must be at least 1 ms: " + timeout);
    }
    return new ProxyConfig(type, host, port, username, password, timeout);
  }

  /** The proxy protocol. */
  public ProxyType type() {
    return type;
  }

  /** The proxy's host name or IP literal, without brackets. */
  public String host() {
    return host;
  }

  /** The proxy's port. */
  public int port() {
    return port;
  }

  /** {@code host:port}, with an IPv6 literal in brackets: the form used in messages. */
  public String authority() {
    return IpLiterals.authority(host, port);
  }

  /** The user name, if credentials were given. */
  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /** Whether credentials were given. */
  public boolean hasCredentials() {
    return username != null;
  }

  /**
   * The password, {@code null} without credentials; package-private so it cannot leak by accident.
   */
  String password() {
    return password;
  }

  /** The time allowed for the proxy handshake. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Whether the client resolves the destination's host name itself (SOCKS4, SOCKS5) instead of
   * sending the name to the proxy (SOCKS4a, SOCKS5h, HTTP).
   */
  public boolean resolvesDestinationLocally() {
    return type.resolvesDestinationLocally();
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof ProxyConfig)) {
      return false;
    }
    ProxyConfig that = (ProxyConfig) other;
    return type == that.type
        && port == that.port
        && host.equals(that.host)
        && Objects.equals(username, that.username)
        && Objects.equals(password, that.password)
        && connectTimeout.equals(that.connectTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, host, port, username, password, connectTimeout);
  }

  /** For example {@code ProxyConfig{SOCKS5h 10.0.0.1:1080, user=alice, connectTimeout=PT10S}}. */
  @Override
  public String toString() {
    return "ProxyConfig{"
        + type.label()
        + " "
        + authority()
        + (username == null ? "" : ", user=" + username)
        + ", connectTimeout="
        + connectTimeout
        + "}";
  }

  private static String checkHost(String host) {
    Objects.requireNonNull(host, "host");
    String bare = IpLiterals.stripBrackets(host);
    if (bare.isEmpty()) {
      throw new IllegalArgumentException("proxy host must not be empty");
    }
    for (int i = 0; i < bare.length(); i++) {
      char c = bare.charAt(i);
      if (c <= ' ' || c == '/' || c == '@' || c == '[' || c == ']' || c == ',' || c == 0x7f) {
        throw new IllegalArgumentException("proxy host contains '" + printable(c) + "': " + host);
      }
    }
    if (bare.indexOf(':') >= 0 && !IpLiterals.isIpv6(bare)) {
      throw new IllegalArgumentException(
          "proxy host must be a name or IP literal without a port: " + host);
    }
    return bare;
  }

  private static int checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("proxy port must be 1 to 65535: " + port);
    }
    return port;
  }

  private static void checkCredential(String what, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < ' ' || c == 0x7f) {
        // CR or LF would split the Proxy-Authorization header; no proxy accepts other controls.
        throw new IllegalArgumentException("proxy " + what + " contains a control character");
      }
    }
  }

  private static String printable(char c) {
    return c <= ' ' || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
