/**
 * Proxies for outgoing TCP connections: HTTP CONNECT, SOCKS4, SOCKS4a, SOCKS5 and SOCKS5h.
 *
 * <p>This package knows nothing of WebSocket. It has four parts:
 *
 * <ul>
 *   <li>{@link dev.websocket.proxy.ProxyConfig}: one proxy (type, address, credentials, handshake
 *       timeout), built in code or parsed from a URL such as {@code socks5h://user:pass@host:1080}.
 *   <li>{@link dev.websocket.proxy.NoProxy}, {@link dev.websocket.proxy.ProxyEnvironment} and
 *       {@link dev.websocket.proxy.ProxyResolver}: which proxy, if any, a given destination uses,
 *       from explicit settings and the {@code http_proxy}, {@code https_proxy}, {@code all_proxy}
 *       and {@code no_proxy} environment variables.
 *   <li>{@link dev.websocket.proxy.ProxyHandlers} and {@link dev.websocket.proxy.ProxyTunnel}:
 *       Netty's own proxy handlers, configured from a {@code ProxyConfig}, and the destination
 *       address in the form each proxy type needs.
 *   <li>{@link dev.websocket.proxy.ProxyException}: every proxy failure, with a message that names
 *       the proxy and the reason in words, and never a credential.
 * </ul>
 */
package dev.websocket.proxy;
