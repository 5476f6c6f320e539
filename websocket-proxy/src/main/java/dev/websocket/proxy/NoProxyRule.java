package dev.websocket.proxy;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of a no-proxy list: {@code *}, a host or domain, an IP address, or a CIDR block, each
 * optionally limited to one port. Parsing and matching use text only, never DNS.
 */
final class NoProxyRule {

  /** Stands for "any port" in {@link #port}. */
  private static final int ANY_PORT = -1;

  private enum Kind {
    /** {@code *}: every destination. */
    ANY,
    /** A host name that also covers its subdomains. */
    DOMAIN,
    /** An IP address or CIDR block. */
    ADDRESS
  }

  private final String entry;
  private final Kind kind;

  /**
   * For {@link Kind#DOMAIN}: the lower-case name without leading dot, {@code *.} or trailing dot.
   */
  private final String domain;

  /** For {@link Kind#ADDRESS}: the network's address bytes (4 or 16). */
  private final byte[] network;

  /** For {@link Kind#ADDRESS}: how many leading bits of {@link #network} must match. */
  private final int prefixBits;

  private final int port;

  private NoProxyRule(
      String entry, Kind kind, String domain, byte[] network, int prefixBits, int port) {
    this.entry = entry;
    this.kind = kind;
    this.domain = domain;
    this.network = network;
    this.prefixBits = prefixBits;
    this.port = port;
  }

  /**
   * Parses one trimmed, non-empty entry.
   *
   * @throws IllegalArgumentException naming the entry, for a malformed port or CIDR block
   */
  static NoProxyRule parse(String entry) {
    if (entry.equals("*")) {
      return new NoProxyRule(entry, Kind.ANY, null, null, 0, ANY_PORT);
    }
    String host = entry;
    String portText = null;
    String prefixText = null;
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0) {
        throw bad(entry, "unclosed '['");
      }
      host = entry.substring(1, close);
      String after = entry.substring(close + 1);
      if (after.startsWith(":")) {
        portText = after.substring(1);
      } else if (after.startsWith("/")) {
        prefixText = after.substring(1);
      } else if (!after.isEmpty()) {
        throw bad(entry, "unexpected text after ']'");
      }
    } else if (entry.indexOf('/') >= 0) {
      int slash = entry.indexOf('/');
      host = entry.substring(0, slash);
      prefixText = entry.substring(slash + 1);
    } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
      // Exactly one colon: host:port. Two or more: an IPv6 literal without brackets or port.
      int colon = entry.indexOf(':');
      host = entry.substring(0, colon);
      portText = entry.substring(colon + 1);
    }
    int port = portText == null ? ANY_PORT : parsePort(entry, portText);

    byte[] address = IpLiterals.parse(host);
    if (address != null) {
      int writtenBits = host.indexOf(':') >= 0 ? 128 : 32;
      int prefix = prefixText == null ? writtenBits : parsePrefix(entry, prefixText, writtenBits);
      if (address.length == 4 && writtenBits == 128) {
        // An IPv4-mapped IPv6 block such as ::ffff:10.0.0.0/104 is stored in IPv4 form.
        prefix = Math.max(0, prefix - 96);
      }
      return new NoProxyRule(entry, Kind.ADDRESS, null, address, prefix, port);
    }
    if (prefixText != null) {
      throw bad(entry, "a CIDR block needs an IP address before '/'");
    }
    String name = IpLiterals.normalizeHost(host);
    if (name.startsWith("*.")) {
      name = name.substring(2);
    } else if (name.startsWith(".")) {
      name = name.substring(1);
    }
    if (name.isEmpty() || name.indexOf('*') >= 0 || name.indexOf(':') >= 0) {
      throw bad(entry, "not a host name, domain, IP address or CIDR block");
    }
    return new NoProxyRule(entry, Kind.DOMAIN, name, null, 0, port);
  }

  /**
   * Whether this rule covers a destination.
   *
   * @param host normalized by {@link IpLiterals#normalizeHost}
   * @param address the host's bytes if it is an IP literal, else {@code null}
   */
  boolean matches(String host, byte[] address, int destinationPort) {
    if (port != ANY_PORT && port != destinationPort) {
      return false;
    }
    switch (kind) {
      case ANY:
        return true;
      case DOMAIN:
        // A name rule never matches an IP literal: "0.1" must not cover "10.0.0.1".
        return address == null
            && (host.equals(domain)
                || host.length() > domain.length()
                    && host.endsWith(domain)
                    && host.charAt(host.length() - domain.length() - 1) == '.');
      case ADDRESS:
        return address != null && address.length == network.length && samePrefix(address);
      default:
        throw new AssertionError(kind);
    }
  }

  /** The entry as written. */
  String entry() {
    return entry;
  }

  private boolean samePrefix(byte[] address) {
    int fullBytes = prefixBits / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int remainingBits = prefixBits % 8;
    if (remainingBits == 0) {
      return true;
    }
    int mask = (0xff << (8 - remainingBits)) & 0xff;
    return (address[fullBytes] & mask) == (network[fullBytes] & mask);
  }

  private static int parsePort(String entry, String text) {
    int port = parseNumber(entry, text, "port");
    if (port < 1 || port > 65535) {
      throw bad(entry, "port " + port + " is out of range 1 to 65535");
    }
    return port;
  }

  private static int parsePrefix(String entry, String text, int bits) {
    int prefix = parseNumber(entry, text, "prefix length");
    if (prefix > bits) {
      throw bad(entry, "prefix length " + prefix + " is more than " + bits + " bits");
    }
    return prefix;
  }

  private static int parseNumber(String entry, String text, String what) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw bad(entry, what + " '" + text + "' is not a number");
    }
    return Integer.parseInt(text);
  }

  private static IllegalArgumentException bad(String entry, String problem) {
    return new IllegalArgumentException("invalid no-proxy entry '" + entry + "': " + problem);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof NoProxyRule)) {
      return false;
    }
    NoProxyRule that = (NoProxyRule) other;
    return kind == that.kind
        && port == that.port
        && prefixBits == that.prefixBits
        && Objects.equals(domain, that.domain)
        && Arrays.equals(network, that.network);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, domain, Arrays.hashCode(network), prefixBits, port);
  }

  @Override
  public String toString() {
    return entry;
  }
}
