/**
 * In-process servers for proxy tests, shared with other modules through this module's test-jar.
 *
 * <p>Each binds an ephemeral port on {@code 127.0.0.1}, runs on its own single event-loop thread,
 * records what it was asked, and is {@link java.lang.AutoCloseable}:
 *
 * <ul>
 *   <li>{@link dev.websocket.proxy.testing.EchoServer}: a TCP echo server, the usual destination;
 *   <li>{@link dev.websocket.proxy.testing.HttpConnectProxyServer}: an HTTP CONNECT proxy with
 *       optional Basic authentication and scripted failures;
 *   <li>{@link dev.websocket.proxy.testing.SocksProxyServer}: a SOCKS4, SOCKS4a and SOCKS5 proxy
 *       with optional user id or RFC 1929 authentication and scripted reply codes.
 * </ul>
 *
 * <p>After a successful CONNECT, both proxies relay bytes between the client and the real
 * destination. Both accept host aliases, names that only the proxy can resolve, which lets a test
 * prove that a name reached the proxy unresolved.
 *
 * <pre>{@code
 * try (EchoServer echo = EchoServer.start();
 *     SocksProxyServer socks =
 *         SocksProxyServer.builder().alias("echo.test", echo.address().getAddress()).start()) {
 *   ProxyConfig proxy = socks.proxy(ProxyType.SOCKS5H);
 *   // connect through proxy to echo.test:echo.port() ...
 *   assertEquals(SocksRequest.AddressType.DOMAIN, socks.requests().get(0).addressType());
 * }
 * }</pre>
 */
package dev.websocket.proxy.testing;
