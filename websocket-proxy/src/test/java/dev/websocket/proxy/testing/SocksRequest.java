package dev.websocket.proxy.testing;

/**
 * A CONNECT request as {@link SocksProxyServer} received it.
 *
 * @param version 4 for SOCKS4 and SOCKS4a, 5 for SOCKS5 and SOCKS5h
 * @param addressType how the destination was sent: {@link AddressType#DOMAIN} for a name (SOCKS4a,
 *     SOCKS5h), an address type when the client resolved it (SOCKS4, SOCKS5)
 * @param host the destination as sent: a host name or an IP address in text form
 * @param port the destination port
 * @param user the SOCKS4 user id, or the RFC 1929 user name for SOCKS5; empty if none
 */
public record SocksRequest(
    int version, AddressType addressType, String host, int port, String user) {

  /** The form in which the client sent the destination. */
  public enum AddressType {
    /** Four address bytes. */
    IPV4,
    /** Sixteen address bytes (SOCKS5 only). */
    IPV6,
    /** A host name for the proxy to resolve: the SOCKS5 DOMAIN type, or the SOCKS4a name field. */
    DOMAIN
  }
}
