package dev.websocket.proxy;

import io.netty.util.NetUtil;
import java.util.Locale;

/**
 * IP address literals as text, parsed without ever asking DNS.
 *
 * <p>{@link java.net.InetAddress#getByName} would look up anything that is not a literal, so every
 * check here goes through Netty's pure-text parser instead.
 */
final class IpLiterals {

  private IpLiterals() {}

  /** {@code host} without one pair of surrounding square brackets, as in {@code [::1]}. */
  static String stripBrackets(String host) {
    if (host.length() >= 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
      return host.substring(1, host.length() - 1);
    }
    return host;
  }

  /**
   * The address bytes of an IPv4 or IPv6 literal (brackets and an IPv6 zone id allowed), or {@code
   * null} when {@code text} is not a literal. IPv4-mapped IPv6 addresses ({@code ::ffff:10.0.0.1})
   * come back as their 4 IPv4 bytes, so they compare equal to the IPv4 form.
   */
  static byte[] parse(String text) {
    String literal = stripBrackets(text);
    int zone = literal.indexOf('%');
    if (zone >= 0) {
      literal = literal.substring(0, zone);
    }
    if (NetUtil.isValidIpV4Address(literal)) {
      return NetUtil.createByteArrayFromIpAddressString(literal);
    }
    if (literal.indexOf(':') < 0 || !NetUtil.isValidIpV6Address(literal)) {
      return null;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
    return bytes == null ? null : unmapIpv4(bytes);
  }

  /** Whether {@code text} is an IPv4 or IPv6 literal (brackets allowed). */
  static boolean isLiteral(String text) {
    return parse(text) != null;
  }

  /** Whether {@code text} is an IPv6 literal (brackets allowed). */
  static boolean isIpv6(String text) {
    return stripBrackets(text).indexOf(':') >= 0 && isLiteral(text);
  }

  /** {@code host} as it appears in an authority: IPv6 literals in brackets, then {@code :port}. */
  static String authority(String host, int port) {
    String bare = stripBrackets(host);
    return (bare.indexOf(':') >= 0 ? "[" + bare + "]" : bare) + ":" + port;
  }

  /** Lower-case host name with brackets and one trailing dot removed, for comparisons. */
  static String normalizeHost(String host) {
    String bare = stripBrackets(host.trim()).toLowerCase(Locale.ROOT);
    if (bare.endsWith(".")) {
      bare = bare.substring(0, bare.length() - 1);
    }
    return bare;
  }

  private static byte[] unmapIpv4(byte[] address) {
    if (address.length != 16) {
      return address;
    }
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return address;
      }
    }
    if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
      return address;
    }
    return new byte[] {address[12], address[13], address[14], address[15]};
  }
}
