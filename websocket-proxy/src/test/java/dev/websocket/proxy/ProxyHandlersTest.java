package dev.websocket.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.proxy.Socks4ProxyHandler;
import io.netty.handler.proxy.Socks5ProxyHandler;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ProxyHandlersTest {

  @ParameterizedTest
  @CsvSource({
    "HTTP, io.netty.handler.proxy.HttpProxyHandler, http",
    "SOCKS4, io.netty.handler.proxy.Socks4ProxyHandler, socks4",
    "SOCKS4A, io.netty.handler.proxy.Socks4ProxyHandler, socks4",
    "SOCKS5, io.netty.handler.proxy.Socks5ProxyHandler, socks5",
    "SOCKS5H, io.netty.handler.proxy.Socks5ProxyHandler, socks5",
  })
  void eachTypeGetsNettysHandlerForItsProtocol(
      ProxyType type, Class<?> handlerClass, String protocol) {
    ProxyHandler handler = ProxyHandlers.newHandler(ProxyConfig.of(type, "127.0.0.1", 1080));
    assertInstanceOf(handlerClass, handler);
    assertEquals(protocol, handler.protocol());
    assertEquals("none", handler.authScheme());
    assertEquals(new InetSocketAddress("127.0.0.1", 1080), handler.proxyAddress());
  }

  @Test
  void theHandshakeTimeoutComesFromTheConfig() {
    ProxyHandler handler =
        ProxyHandlers.newHandler(
            ProxyConfig.http("127.0.0.1", 3128).withConnectTimeout(Duration.ofMillis(2500)));
    assertEquals(2500, handler.connectTimeoutMillis());
    assertEquals(
        ProxyConfig.DEFAULT_CONNECT_TIMEOUT.toMillis(),
        ProxyHandlers.newHandler(ProxyConfig.http("127.0.0.1", 3128)).connectTimeoutMillis());
  }

  @Test
  void credentialsGoToEachHandlerInItsOwnForm() {
    HttpProxyHandler http =
        (HttpProxyHandler)
            ProxyHandlers.newHandler(ProxyConfig.http("127.0.0.1", 3128).withAuth("alice", "pw"));
    assertEquals("basic", http.authScheme());
    assertEquals("alice", http.username());
    Socks5ProxyHandler socks5 =
        (Socks5ProxyHandler)
            ProxyHandlers.newHandler(ProxyConfig.socks5("127.0.0.1", 1080).withAuth("alice", "pw"));
    assertEquals("password", socks5.authScheme());
    assertEquals("alice", socks5.username());
    Socks4ProxyHandler socks4 =
        (Socks4ProxyHandler)
            ProxyHandlers.newHandler(ProxyConfig.socks4("127.0.0.1", 1080).withAuth("alice", "pw"));
    assertEquals("username", socks4.authScheme());
    assertEquals("alice", socks4.username());
  }

  @Test
  void anIpv6ProxyLiteralNeedsNoLookup() {
    ProxyHandler handler = ProxyHandlers.newHandler(ProxyConfig.socks5("[::1]", 1080));
    InetSocketAddress address = handler.proxyAddress();
    assertFalse(address.isUnresolved());
    assertEquals(16, address.getAddress().getAddress().length);
  }

  @ParameterizedTest
  @EnumSource(
      value = ProxyType.class,
      names = {"HTTP", "SOCKS4A", "SOCKS5H"})
  void typesThatSendTheNameGetAnUnresolvedDestination(ProxyType type) throws Exception {
    InetSocketAddress destination =
        ProxyHandlers.destination(ProxyConfig.of(type, "proxy", 1080), "example.test", 443);
    assertTrue(destination.isUnresolved());
    assertEquals("example.test", destination.getHostString());
    assertEquals(443, destination.getPort());
  }

  @ParameterizedTest
  @EnumSource(
      value = ProxyType.class,
      names = {"SOCKS4", "SOCKS5"})
  void typesThatResolveLocallyGetAResolvedIpv4Destination(ProxyType type) throws Exception {
    InetSocketAddress destination =
        ProxyHandlers.destination(ProxyConfig.of(type, "proxy", 1080), "localhost", 80);
    assertFalse(destination.isUnresolved());
    assertInstanceOf(Inet4Address.class, destination.getAddress());
  }

  @ParameterizedTest
  @EnumSource(ProxyType.class)
  void anIpLiteralDestinationIsResolvedWithoutALookupForEveryType(ProxyType type) throws Exception {
    InetSocketAddress destination =
        ProxyHandlers.destination(ProxyConfig.of(type, "proxy", 1080), "192.0.2.7", 80);
    assertFalse(destination.isUnresolved());
    assertEquals("192.0.2.7", destination.getHostString());
  }

  @ParameterizedTest
  @EnumSource(
      value = ProxyType.class,
      names = {"SOCKS4", "SOCKS4A"})
  void socks4CannotCarryAnIpv6Destination(ProxyType type) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ProxyHandlers.destination(
                    ProxyConfig.of(type, "proxy", 1080), "[2001:db8::1]", 80));
    assertEquals(
        "SOCKS4 cannot carry the IPv6 destination [2001:db8::1]; use a SOCKS5 proxy",
        e.getMessage());
  }

  @Test
  void aDestinationPortOutOfRangeIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ProxyHandlers.destination(ProxyConfig.http("proxy", 3128), "example.test", 0));
  }
}
