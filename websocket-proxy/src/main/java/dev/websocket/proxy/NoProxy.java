package dev.websocket.proxy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A no-proxy list: destinations that are reached directly even when a proxy is configured, in the
 * format of the {@code no_proxy} environment variable. Immutable; matching never uses DNS.
 *
 * <p>Entries, separated by commas or whitespace, each optionally followed by {@code :port} (an IPv6
 * address then needs brackets: {@code [::1]:8080}):
 *
 * <ul>
 *   <li>{@code *}: every destination;
 *   <li>a host name, compared without case: {@code example.com}, {@code .example.com} and {@code
 *       *.example.com} all cover {@code example.com} and every subdomain such as {@code
 *       a.example.com}, as curl does (Python's library lets {@code .example.com} cover only
 *       subdomains);
 *   <li>an IPv4 or IPv6 address, brackets allowed: matches the same address written any way,
 *       including its IPv4-mapped IPv6 form;
 *   <li>a CIDR block: {@code 10.0.0.0/8}, {@code fd00::/8}.
 * </ul>
 *
 * <p>A host name is never resolved to test it against an address or block: {@code localhost} does
 * not match {@code 127.0.0.1}.
 */
public final class NoProxy {

  /** The empty list: every destination goes through the proxy. */
  public static final NoProxy NONE = new NoProxy(List.of());

  /**
   * Loopback destinations: {@code localhost}, {@code 127.0.0.0/8} and {@code ::1}. Used for proxies
   * from the environment when no no-proxy list is set anywhere, as Python's library does with its
   * {@code DEFAULT_NO_PROXY_HOST} (which holds {@code localhost} and {@code 127.0.0.1}).
   */
  public static final NoProxy LOOPBACK = NoProxy.of("localhost", "127.0.0.0/8", "::1");

  private final List<NoProxyRule> rules;

  private NoProxy(List<NoProxyRule> rules) {
    this.rules = rules;
  }

  /**
   * Parses a list separated by commas and/or whitespace, as found in {@code no_proxy}; empty
   * entries are skipped, so {@code null} or blank text gives {@link #NONE}.
   *
   * @throws IllegalArgumentException naming the first malformed entry (a bad port or CIDR block)
   */
  public static NoProxy parse(String list) {
    if (list == null) {
      return NONE;
    }
    return of(list.split("[,\\s]+"));
  }

  /**
   * A list of the given entries; blank entries are skipped.
   *
   * @throws IllegalArgumentException naming the first malformed entry
   */
  public static NoProxy of(String... entries) {
    List<NoProxyRule> rules = new ArrayList<>(entries.length);
    for (String entry : entries) {
      String trimmed = Objects.requireNonNull(entry, "entry").trim();
      if (!trimmed.isEmpty()) {
        rules.add(NoProxyRule.parse(trimmed));
      }
    }
    return rules.isEmpty() ? NONE : new NoProxy(Collections.unmodifiableList(rules));
  }

  /**
   * Whether the destination {@code host:port} bypasses the proxy.
   *
   * @param host a host name or IP literal, brackets allowed; a trailing dot is ignored
   */
  public boolean matches(String host, int port) {
    Objects.requireNonNull(host, "host");
    String normalized = IpLiterals.normalizeHost(host);
    if (normalized.isEmpty()) {
      return false;
    }
    byte[] address = IpLiterals.parse(normalized);
    for (NoProxyRule rule : rules) {
      if (rule.matches(normalized, address, port)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the list has no entries. */
  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** The entries as written, in order. */
  public List<String> entries() {
    List<String> entries = new ArrayList<>(rules.size());
    for (NoProxyRule rule : rules) {
      entries.add(rule.entry());
    }
    return Collections.unmodifiableList(entries);
  }

  /** Two lists are equal when their entries mean the same, in the same order. */
  @Override
  public boolean equals(Object other) {
    return other instanceof NoProxy && rules.equals(((NoProxy) other).rules);
  }

  @Override
  public int hashCode() {
    return rules.hashCode();
  }

  /** The entries joined by commas, as in {@code no_proxy}. */
  @Override
  public String toString() {
    return String.join(",", entries());
  }
}
