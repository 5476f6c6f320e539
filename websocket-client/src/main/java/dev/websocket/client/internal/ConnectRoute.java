package dev.websocket.client.internal;

import dev.websocket.client.ConnectOptions;
import dev.websocket.proxy.ProxyConfig;
import dev.websocket.proxy.ProxyEnvironment;
import dev.websocket.proxy.ProxyHandlers;
import dev.websocket.proxy.ProxyResolver;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one attempt connects: a Unix socket, the server directly, or a proxy (with the address the
 * proxy is asked for).
 *
 * @param proxy the proxy to go through, or null
 * @param remote the address to connect to: the Unix socket, the unresolved server address, or the
 *     destination handed to the proxy handler
 */
record ConnectRoute(ProxyConfig proxy, SocketAddress remote) {

  /**
   * The route to {@code url} through {@code proxy} (null: directly).
   *
   * @throws IOException when a SOCKS4 or SOCKS5 destination, resolved here, does not resolve
   */
  static ConnectRoute to(WebSocketUrl url, ProxyConfig proxy) throws IOException {
    if (url.unixSocketPath() != null) {
      return new ConnectRoute(null, new DomainSocketAddress(url.unixSocketPath()));
    }
    SocketAddress remote =
        proxy != null
            ? ProxyHandlers.destination(proxy, url.host(), url.port())
            : InetSocketAddress.createUnresolved(url.host(), url.port());
    return new ConnectRoute(proxy, remote);
  }

  /**
   * The proxy for {@code url} from the options and the environment, or null to connect directly.
   *
   * @throws IllegalArgumentException when a proxy variable of the environment is malformed
   */
  static ProxyConfig proxyFor(ConnectOptions options, WebSocketUrl url) {
    ProxyEnvironment environment =
        options.proxyEnvironment() != null ? options.proxyEnvironment() : ProxyEnvironment.system();
    ProxyResolver.Builder resolver =
        ProxyResolver.builder()
            .proxy(options.proxy())
            .environment(environment)
            .ignoreEnvironment(!options.proxyFromEnvironment());
    // The resolver takes an explicit list in place of the environment's; the options add theirs to
    // it, and leave the environment's (and its loopback default) alone when they give none.
    if (!options.noProxy().isEmpty()) {
      List<String> entries = new ArrayList<>();
      if (options.proxyFromEnvironment()) {
        environment.noProxy().ifPresent(list -> entries.addAll(list.entries()));
      }
      entries.addAll(options.noProxy());
      resolver.noProxy(entries.toArray(String[]::new));
    }
    return resolver.build().proxyFor(url.host(), url.port(), url.isSecure()).orElse(null);
  }
}
