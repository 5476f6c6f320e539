package dev.websocket.proxy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Proxy settings from environment variables, read the way curl and Python read them.
 *
 * <ul>
 *   <li>{@code http_proxy} for {@code ws://} destinations, {@code https_proxy} for {@code wss://};
 *       when that variable is not set at all, {@code all_proxy} (as curl does). Each value is a
 *       proxy URL for {@link ProxyConfig#parse}; an empty value means "no proxy".
 *   <li>{@code no_proxy}: a {@link NoProxy} list of destinations reached directly.
 *   <li>The lower-case name wins over the upper-case one ({@code HTTP_PROXY}, …) whenever it is
 *       set, even to an empty value. Leading and trailing whitespace is ignored.
 *   <li>When {@code no_proxy} is unset or empty, loopback destinations ({@link NoProxy#LOOPBACK})
 *       still bypass an environment proxy, as in Python's library.
 * </ul>
 *
 * <p>Takes a map, so tests pass their own instead of changing the process environment. Immutable.
 */
public final class ProxyEnvironment {

  /** Proxy for plain (ws, http) destinations. */
  public static final String HTTP_PROXY = "http_proxy";

  /** Proxy for TLS (wss, https) destinations. */
  public static final String HTTPS_PROXY = "https_proxy";

  /** Proxy for any destination whose scheme-specific variable is not set. */
  public static final String ALL_PROXY = "all_proxy";

  /** Destinations that bypass the proxy. */
  public static final String NO_PROXY = "no_proxy";

  private static final ProxyEnvironment EMPTY = new ProxyEnvironment(Map.of());

  private final Map<String, String> variables;

  private ProxyEnvironment(Map<String, String> variables) {
    this.variables = variables;
  }

  /** The settings in {@code variables} (copied; {@code null} values are treated as unset). */
  public static ProxyEnvironment of(Map<String, String> variables) {
    Objects.requireNonNull(variables, "variables");
    Map<String, String> copy = new HashMap<>();
    variables.forEach(
        (name, value) -> {
          if (name != null && value != null) {
            copy.put(name, value);
          }
        });
    return new ProxyEnvironment(Map.copyOf(copy));
  }

  /** The settings of this process ({@link System#getenv()}, read now). */
  public static ProxyEnvironment system() {
    return of(System.getenv());
  }

  /** No variables at all. */
  public static ProxyEnvironment empty() {
    return EMPTY;
  }

  /**
   * The proxy the environment names for destinations of this kind, before {@code no_proxy} is
   * applied: {@code https_proxy} if {@code secure}, else {@code http_proxy}; {@code all_proxy} if
   * that is not set.
   *
   * @throws IllegalArgumentException naming the variable, if its value is not a proxy URL
   */
  public Optional<ProxyConfig> proxy(boolean secure) {
    String name = secure ? HTTPS_PROXY : HTTP_PROXY;
    Optional<String> value = lookup(name);
    if (value.isEmpty()) {
      name = ALL_PROXY;
      value = lookup(name);
    }
    if (value.isEmpty() || value.get().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ProxyConfig.parse(value.get()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("environment variable " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The {@code no_proxy} list, if the variable is set (possibly to an empty list).
   *
   * @throws IllegalArgumentException naming the variable and the malformed entry
   */
  public Optional<NoProxy> noProxy() {
    Optional<String> value = lookup(NO_PROXY);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(NoProxy.parse(value.get()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "environment variable " + NO_PROXY + ": " + e.getMessage(), e);
    }
  }

  /**
   * The proxy to use for the destination {@code host:port}, or empty to connect directly: {@link
   * #proxy(boolean)} unless {@link #noProxy()} (or, when it is unset or empty, {@link
   * NoProxy#LOOPBACK}) covers the destination.
   *
   * @param secure whether the destination uses TLS ({@code wss})
   * @throws IllegalArgumentException naming the variable, if a value is malformed
   */
  public Optional<ProxyConfig> proxyFor(String host, int port, boolean secure) {
    Optional<ProxyConfig> proxy = proxy(secure);
    if (proxy.isEmpty()) {
      return proxy;
    }
    NoProxy bypass = noProxy().filter(list -> !list.isEmpty()).orElse(NoProxy.LOOPBACK);
    return bypass.matches(host, port) ? Optional.empty() : proxy;
  }

  /** The value of {@code name}, else of its upper-case form; trimmed. */
  private Optional<String> lookup(String name) {
    String value = variables.get(name);
    if (value == null) {
      value = variables.get(name.toUpperCase(Locale.ROOT));
    }
    return Optional.ofNullable(value).map(String::trim);
  }

  /** The variable names this reads, with their values; proxy passwords masked. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("ProxyEnvironment{");
    String separator = "";
    for (String name : new String[] {HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY}) {
      Optional<String> value = lookup(name);
      if (value.isPresent()) {
        text.append(separator).append(name).append('=').append(ProxyUrlParser.redact(value.get()));
        separator = ", ";
      }
    }
    return text.append('}').toString();
  }
}
