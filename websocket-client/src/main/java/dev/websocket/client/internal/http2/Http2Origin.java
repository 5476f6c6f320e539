package dev.websocket.client.internal.http2;

import dev.websocket.client.TlsOptions;
import dev.websocket.proxy.ProxyConfig;
import java.util.Objects;

/**
 * What WebSockets must have in common to share an HTTP/2 connection: the server (scheme, host,
 * port), how TLS is set up (equal {@link TlsOptions} and server name), the proxy, and the transport
 * (the user's event loop group or bootstrap, compared by identity).
 */
record Http2Origin(
    boolean secure,
    String host,
    int port,
    TlsOptions tls,
    String serverName,
    ProxyConfig proxy,
    Object transport) {

  @Override
  public boolean equals(Object other) {
    return other instanceof Http2Origin o
        && secure == o.secure
        && port == o.port
        && host.equals(o.host)
        && tls.equals(o.tls)
        && Objects.equals(serverName, o.serverName)
        && Objects.equals(proxy, o.proxy)
        && transport == o.transport;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        secure, host, port, tls, serverName, proxy, System.identityHashCode(transport));
  }

  /** {@code https://host:port} for messages. */
  String describe() {
    return (secure ? "https://" : "http://")
        + (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
        + ":"
        + port;
  }
}
