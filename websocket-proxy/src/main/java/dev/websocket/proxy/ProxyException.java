package dev.websocket.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection through a proxy failed before the tunnel to the destination was ready.
 *
 * <p>The message names the proxy type and address, the destination when known, and the reason in
 * words, for example {@code SOCKS5 proxy 10.0.0.1:1080 (to example.com:443): connection refused by
 * destination}. It never contains a credential. The exception Netty or the JDK threw is the
 * {@linkplain #getCause() cause}.
 */
public class ProxyException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient ProxyConfig proxy;

  /** The destination as {@code host:port}, or {@code null} if unknown. */
  private final String destination;

  /** What went wrong, in words. */
  private final String reason;

  /**
   * A failure of {@code proxy} for the given reason.
   *
   * @param destination the destination as {@code host:port}, or {@code null} if unknown
   * @param reason what went wrong, in words, without credentials
   * @param cause the underlying exception, or {@code null}
   */
  public ProxyException(ProxyConfig proxy, String destination, String reason, Throwable cause) {
    super(message(proxy, destination, reason), cause);
    this.proxy = proxy;
    this.destination = destination;
    this.reason = reason;
  }

  /**
   * Translates what Netty or the JDK reported for a proxied connection into a {@code
   * ProxyException} whose message says what happened, in words: the proxy unreachable, a timeout,
   * an authentication failure, an HTTP status, a SOCKS reply code. A {@code ProxyException} is
   * returned as it is.
   */
  public static ProxyException from(ProxyConfig proxy, Throwable failure) {
    return from(proxy, null, failure);
  }

  /**
   * Like {@link #from(ProxyConfig, Throwable)}, naming the destination in the message.
   *
   * @param destination the address given to {@code connect}, or {@code null} if unknown
   */
  public static ProxyException from(
      ProxyConfig proxy, SocketAddress destination, Throwable failure) {
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(failure, "failure");
    if (failure instanceof ProxyException) {
      return (ProxyException) failure;
    }
    return new ProxyException(
        proxy, describe(destination), ProxyFailures.reason(proxy, failure), failure);
  }

  /** The proxy that failed. */
  public ProxyConfig proxy() {
    return proxy;
  }

  /** The destination as {@code host:port}, if known. */
  public Optional<String> destination() {
    return Optional.ofNullable(destination);
  }

  /** The reason alone, in words, as it ends the message: {@code proxy timed out after 10s}. */
  public String reason() {
    return reason;
  }

  private static String message(ProxyConfig proxy, String destination, String reason) {
    Objects.requireNonNull(proxy, "proxy");
    return proxy.type().label()
        + " proxy "
        + proxy.authority()
        + (destination == null ? "" : " (to " + destination + ")")
        + ": "
        + reason;
  }

  private static String describe(SocketAddress destination) {
    if (destination instanceof InetSocketAddress) {
      InetSocketAddress address = (InetSocketAddress) destination;
      return IpLiterals.authority(address.getHostString(), address.getPort());
    }
    return destination == null ? null : destination.toString();
  }
}
