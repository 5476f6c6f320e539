package dev.websocket.proxy;

import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.proxy.Socks4ProxyHandler;
import io.netty.handler.proxy.Socks5ProxyHandler;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Netty's proxy handlers ({@link HttpProxyHandler}, {@link Socks4ProxyHandler}, {@link
 * Socks5ProxyHandler}) configured from a {@link ProxyConfig}, and the destination address in the
 * form each proxy type needs.
 *
 * <p>Using them with a {@code Bootstrap} of your own:
 *
 * <pre>{@code
 * bootstrap.resolver(NoopAddressResolverGroup.INSTANCE)   // the proxy must see unresolved names
 *     .handler(new ChannelInitializer<SocketChannel>() {
 *       protected void initChannel(SocketChannel ch) {
 *         ch.pipeline().addLast(ProxyHandlers.HANDLER_NAME, ProxyHandlers.newHandler(proxy));
 *         ch.pipeline().addLast(sslContext.newHandler(ch.alloc()), application); // TLS, then the application
 *       }
 *     });
 * ChannelFuture connect = bootstrap.connect(ProxyHandlers.destination(proxy, host, port));
 * Future<Channel> tunnel = ProxyTunnel.whenEstablished(connect, proxy);
 * }</pre>
 *
 * <p>The {@code NoopAddressResolverGroup} matters: a {@code Bootstrap}'s default resolver resolves
 * any unresolved address locally before the proxy handler sees it, so SOCKS4a, SOCKS5h and HTTP
 * proxies would receive an IP address instead of the name. {@link ProxyTunnel#open} needs no such
 * setting, because it connects the channel itself.
 */
public final class ProxyHandlers {

  /** The pipeline name under which {@link ProxyTunnel} installs the handler. */
  public static final String HANDLER_NAME = "proxy";

  private ProxyHandlers() {}

  /**
   * A new handler for {@code proxy}, with its handshake timeout set to {@link
   * ProxyConfig#connectTimeout()}. The proxy's host name is resolved here, with the JDK resolver,
   * which blocks: call this off the event loop, or pass a resolved address to {@link
   * #newHandler(ProxyConfig, InetSocketAddress)}. A name that cannot be resolved fails the later
   * connect with {@code UnresolvedAddressException}, which {@link ProxyException#from} reports as
   * such.
   */
  public static ProxyHandler newHandler(ProxyConfig proxy) {
    Objects.requireNonNull(proxy, "proxy");
    InetSocketAddress address;
    byte[] literal = IpLiterals.parse(proxy.host());
    if (literal != null) {
      address = new InetSocketAddress(byAddress(proxy.host(), literal), proxy.port());
    } else {
      address = new InetSocketAddress(proxy.host(), proxy.port());
    }
    return newHandler(proxy, address);
  }

  /**
   * A new handler for {@code proxy} that connects to {@code proxyAddress}, which should be
   * resolved; its handshake timeout is {@link ProxyConfig#connectTimeout()}.
   *
   * <p>Credentials become HTTP Basic authorization, RFC 1929 username/password for SOCKS5, and the
   * user id for SOCKS4.
   */
  public static ProxyHandler newHandler(ProxyConfig proxy, InetSocketAddress proxyAddress) {
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(proxyAddress, "proxyAddress");
    ProxyHandler handler;
    String user = proxy.username().orElse(null);
    switch (proxy.type()) {
      case HTTP:
        handler =
            user == null
                ? new HttpProxyHandler(proxyAddress)
                : new HttpProxyHandler(proxyAddress, user, proxy.password());
        break;
      case SOCKS4:
      case SOCKS4A:
        handler = new Socks4ProxyHandler(proxyAddress, user);
        break;
      case SOCKS5:
      case SOCKS5H:
        handler = new Socks5ProxyHandler(proxyAddress, user, proxy.password());
        break;
      default:
        throw new AssertionError(proxy.type());
    }
    handler.setConnectTimeoutMillis(proxy.connectTimeout().toMillis());
    return handler;
  }

  /**
   * The address to {@code connect} to for the destination {@code host:port}:
   *
   * <ul>
   *   <li>an IP literal (brackets allowed) becomes a resolved address without any DNS query;
   *   <li>for SOCKS4 and SOCKS5 ({@link ProxyConfig#resolvesDestinationLocally()}) the name is
   *       resolved here, with the JDK resolver, which blocks; SOCKS4 takes the first IPv4 address,
   *       since the protocol carries no other kind;
   *   <li>for SOCKS4a, SOCKS5h and HTTP the result is unresolved, so the handler sends the name and
   *       the proxy resolves it (a SOCKS5 DOMAIN address, the SOCKS4a name field, the CONNECT
   *       request line).
   * </ul>
   *
   * @throws UnknownHostException if the name must be resolved here and cannot be (for SOCKS4: has
   *     no IPv4 address)
   * @throws IllegalArgumentException if the port is out of range, or for an IPv6 literal through
   *     SOCKS4 or SOCKS4a, which cannot carry one
   */
  public static InetSocketAddress destination(ProxyConfig proxy, String host, int port)
      throws UnknownHostException {
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("destination port must be 1 to 65535: " + port);
    }
    String name = IpLiterals.stripBrackets(host);
    boolean socks4 = proxy.type() == ProxyType.SOCKS4 || proxy.type() == ProxyType.SOCKS4A;
    byte[] literal = IpLiterals.parse(name);
    if (literal != null) {
      if (socks4 && literal.length != 4) {
        throw new IllegalArgumentException(
            "SOCKS4 cannot carry the IPv6 destination " + host + "; use a SOCKS5 proxy");
      }
      return new InetSocketAddress(byAddress(name, literal), port);
    }
    if (!proxy.resolvesDestinationLocally()) {
      return InetSocketAddress.createUnresolved(name, port);
    }
    if (proxy.type() == ProxyType.SOCKS4) {
      for (InetAddress address : InetAddress.getAllByName(name)) {
        if (address instanceof Inet4Address) {
          return new InetSocketAddress(address, port);
        }
      }
      throw new UnknownHostException(
          name + " has no IPv4 address, which SOCKS4 needs; use socks4a or socks5");
    }
    return new InetSocketAddress(InetAddress.getByName(name), port);
  }

  /** An address from literal bytes that keeps the literal as written, for messages. */
  private static InetAddress byAddress(String literalText, byte[] literal) {
    try {
      return InetAddress.getByAddress(literalText, literal);
    } catch (UnknownHostException e) {
      // getByAddress only throws for a length other than 4 or 16, which IpLiterals never returns.
      throw new AssertionError(e);
    }
  }
}
