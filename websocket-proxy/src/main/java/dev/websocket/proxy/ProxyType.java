package dev.websocket.proxy;

import java.util.Locale;
import java.util.Optional;

/**
 * The proxy protocols this package speaks, and where each resolves the destination's host name.
 *
 * <p>The "a" and "h" variants differ from their base protocol only in who resolves the
 * destination's name: the proxy does, so names that only the proxy's network knows (an intranet
 * host, a {@code .onion} address) work, and the client's DNS never sees them.
 */
public enum ProxyType {
  /** HTTP CONNECT (RFC 9110 section 9.3.6); the proxy resolves the name it receives. */
  HTTP("http", "HTTP", false),
  /** SOCKS version 4: the destination must be an IPv4 address, resolved by the client. */
  SOCKS4("socks4", "SOCKS4", true),
  /** SOCKS version 4a: SOCKS4 with the destination's host name sent to the proxy. */
  SOCKS4A("socks4a", "SOCKS4a", false),
  /** SOCKS version 5 (RFC 1928) with the destination resolved by the client. */
  SOCKS5("socks5", "SOCKS5", true),
  /** SOCKS version 5 (RFC 1928) with the destination's host name sent to the proxy. */
  SOCKS5H("socks5h", "SOCKS5h", false);

  private final String scheme;
  private final String label;
  private final boolean resolvesDestinationLocally;

  ProxyType(String scheme, String label, boolean resolvesDestinationLocally) {
    this.scheme = scheme;
    this.label = label;
    this.resolvesDestinationLocally = resolvesDestinationLocally;
  }

  /** The URL scheme, as curl and Python spell it: {@code http}, {@code socks5h}, … */
  public String scheme() {
    return scheme;
  }

  /**
   * The name used in messages: {@code HTTP}, {@code SOCKS4}, {@code SOCKS4a}, {@code SOCKS5},
   * {@code SOCKS5h}.
   */
  public String label() {
    return label;
  }

  /**
   * Whether the client resolves the destination's host name and sends the proxy an IP address
   * ({@link #SOCKS4}, {@link #SOCKS5}), rather than sending the name itself.
   */
  public boolean resolvesDestinationLocally() {
    return resolvesDestinationLocally;
  }

  /** The type whose {@link #scheme()} is {@code scheme}, ignoring case; empty if there is none. */
  public static Optional<ProxyType> fromScheme(String scheme) {
    String wanted = scheme.toLowerCase(Locale.ROOT);
    for (ProxyType type : values()) {
      if (type.scheme.equals(wanted)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
