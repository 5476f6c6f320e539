package dev.websocket.proxy;

import java.util.Objects;
import java.util.Optional;

/**
 * Decides which proxy, if any, a destination goes through, from explicit settings and the
 * environment. Immutable and thread-safe.
 *
 * <p>The rules, explicit settings first:
 *
 * <ol>
 *   <li>The no-proxy list is the explicit one if {@link Builder#noProxy(NoProxy) set} (even empty),
 *       else the environment's {@code no_proxy}.
 *   <li>An explicit {@link Builder#proxy(ProxyConfig) proxy} is used for every destination that
 *       list does not cover, loopback included.
 *   <li>Without one, the environment's proxy for the scheme ({@link ProxyEnvironment#proxy}) is
 *       used for every destination the list does not cover; when no list is set anywhere (or the
 *       environment's is empty), {@link NoProxy#LOOPBACK} destinations are reached directly, as in
 *       Python's library.
 *   <li>{@link Builder#ignoreEnvironment(boolean) ignoreEnvironment} removes the environment from
 *       all of the above.
 * </ol>
 *
 * <pre>{@code
 * ProxyResolver resolver = ProxyResolver.builder().noProxy("localhost", ".internal").build();
 * Optional<ProxyConfig> proxy = resolver.proxyFor("example.com", 443, true);
 * }</pre>
 */
public final class ProxyResolver {

  private final ProxyConfig proxy;
  private final NoProxy noProxy;
  private final ProxyEnvironment environment;
  private final boolean ignoreEnvironment;

  private ProxyResolver(Builder builder) {
    this.proxy = builder.proxy;
    this.noProxy = builder.noProxy;
    this.environment = builder.environment;
    this.ignoreEnvironment = builder.ignoreEnvironment;
  }

  /** A builder with no explicit settings, reading {@link ProxyEnvironment#system()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The proxy for the destination {@code host:port}, or empty to connect directly.
   *
   * @param host the destination's host name or IP literal (brackets allowed)
   * @param secure whether the destination uses TLS ({@code wss}); selects {@code https_proxy}
   * @throws IllegalArgumentException naming the variable, if an environment value is malformed
   */
  public Optional<ProxyConfig> proxyFor(String host, int port, boolean secure) {
    Objects.requireNonNull(host, "host");
    Optional<NoProxy> bypass =
        noProxy != null || ignoreEnvironment ? Optional.ofNullable(noProxy) : environment.noProxy();
    if (proxy != null) {
      return bypass.isPresent() && bypass.get().matches(host, port)
          ? Optional.empty()
          : Optional.of(proxy);
    }
    if (ignoreEnvironment) {
      return Optional.empty();
    }
    Optional<ProxyConfig> fromEnvironment = environment.proxy(secure);
    if (fromEnvironment.isEmpty()) {
      return fromEnvironment;
    }
    NoProxy effective =
        noProxy != null ? noProxy : bypass.filter(list -> !list.isEmpty()).orElse(NoProxy.LOOPBACK);
    return effective.matches(host, port) ? Optional.empty() : fromEnvironment;
  }

  /** The settings, for diagnostics; proxy passwords are never shown. */
  @Override
  public String toString() {
    return "ProxyResolver{proxy="
        + proxy
        + ", noProxy="
        + noProxy
        + ", environment="
        + (ignoreEnvironment ? "ignored" : environment)
        + "}";
  }

  /** Collects the settings of a {@link ProxyResolver}. Not thread-safe. */
  public static final class Builder {
    private ProxyConfig proxy;
    private NoProxy noProxy;
    private ProxyEnvironment environment = ProxyEnvironment.system();
    private boolean ignoreEnvironment;

    private Builder() {}

    /** The proxy to use instead of the environment's; {@code null} for none (the default). */
    public Builder proxy(ProxyConfig proxy) {
      this.proxy = proxy;
      return this;
    }

    /**
     * The destinations reached directly, replacing the environment's {@code no_proxy}; {@code null}
     * (the default) keeps the environment's.
     */
    public Builder noProxy(NoProxy noProxy) {
      this.noProxy = noProxy;
      return this;
    }

    /**
     * The destinations reached directly, as {@link NoProxy#of(String...)} entries.
     *
     * @throws IllegalArgumentException naming a malformed entry
     */
    public Builder noProxy(String... entries) {
      return noProxy(NoProxy.of(entries));
    }

    /** Where environment settings come from; {@link ProxyEnvironment#system()} by default. */
    public Builder environment(ProxyEnvironment environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** Whether to disregard the environment entirely; {@code false} by default. */
    public Builder ignoreEnvironment(boolean ignore) {
      this.ignoreEnvironment = ignore;
      return this;
    }

    /** The resolver. */
    public ProxyResolver build() {
      return new ProxyResolver(this);
    }
  }
}
