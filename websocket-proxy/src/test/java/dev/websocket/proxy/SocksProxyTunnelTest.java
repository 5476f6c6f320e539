package dev.websocket.proxy;

import static dev.websocket.proxy.HttpProxyTunnelTest.assertNoSecretIn;
import static dev.websocket.proxy.HttpProxyTunnelTest.closedPort;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.proxy.testing.EchoServer;
import dev.websocket.proxy.testing.SocksProxyServer;
import dev.websocket.proxy.testing.SocksRequest;
import dev.websocket.proxy.testing.SocksRequest.AddressType;
import io.netty.handler.codec.socksx.v4.Socks4CommandStatus;
import io.netty.handler.codec.socksx.v5.Socks5CommandStatus;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.netty.resolver.NoopAddressResolverGroup;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SOCKS4, SOCKS4a, SOCKS5 and SOCKS5h, through {@link SocksProxyServer}, with a plain Netty client.
 */
@Timeout(30)
class SocksProxyTunnelTest {

  private static final byte[] PAYLOAD = "hello through SOCKS".getBytes(StandardCharsets.UTF_8);

  /** A name only the test proxies can resolve (RFC 6761 reserves {@code .test}). */
  private static final String PROXY_ONLY_NAME = "echo.test";

  private static EchoServer echo;
  private static TunnelClient client;

  @BeforeAll
  static void start() {
    echo = EchoServer.start();
    client = new TunnelClient();
  }

  @AfterAll
  static void stop() {
    client.close();
    echo.close();
  }

  private static SocksProxyServer.Builder proxyServer() {
    return SocksProxyServer.builder().alias(PROXY_ONLY_NAME, echo.address().getAddress());
  }

  @ParameterizedTest
  @EnumSource(
      value = ProxyType.class,
      names = {"SOCKS4", "SOCKS4A", "SOCKS5", "SOCKS5H"})
  void bytesReachTheDestinationAndComeBackThroughEachSocksType(ProxyType type) throws Exception {
    try (SocksProxyServer proxy = proxyServer().start();
        TunnelClient.Tunnel tunnel = client.open(proxy.proxy(type), echo.host(), echo.port())) {
      assertArrayEquals(PAYLOAD, tunnel.exchange(PAYLOAD));
      SocksRequest request = proxy.requests().get(0);
      assertEquals(
          type == ProxyType.SOCKS4 || type == ProxyType.SOCKS4A ? 4 : 5, request.version());
      assertEquals(
          new SocksRequest(request.version(), AddressType.IPV4, "127.0.0.1", echo.port(), ""),
          request);
    }
  }

  @ParameterizedTest
  @CsvSource({"SOCKS4, 4", "SOCKS5, 5"})
  void socks4AndSocks5ResolveTheNameLocallyAndSendAnIpAddress(ProxyType type, int version)
      throws Exception {
    try (SocksProxyServer proxy = proxyServer().start();
        TunnelClient.Tunnel tunnel = client.open(proxy.proxy(type), "localhost", echo.port())) {
      assertArrayEquals(PAYLOAD, tunnel.exchange(PAYLOAD));
      assertEquals(
          List.of(new SocksRequest(version, AddressType.IPV4, "127.0.0.1", echo.port(), "")),
          proxy.requests());
    }
  }

  @ParameterizedTest
  @CsvSource({"SOCKS4A, 4", "SOCKS5H, 5"})
  void socks4aAndSocks5hSendTheNameForTheProxyToResolve(ProxyType type, int version)
      throws Exception {
    try (SocksProxyServer proxy = proxyServer().start();
        TunnelClient.Tunnel tunnel = client.open(proxy.proxy(type), PROXY_ONLY_NAME, echo.port())) {
      assertArrayEquals(PAYLOAD, tunnel.exchange(PAYLOAD));
      assertEquals(
          List.of(new SocksRequest(version, AddressType.DOMAIN, PROXY_ONLY_NAME, echo.port(), "")),
          proxy.requests());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ProxyType.class,
      names = {"SOCKS4", "SOCKS5"})
  void aNameOnlyTheProxyKnowsFailsLocallyForTypesThatResolveLocally(ProxyType type) {
    try (SocksProxyServer proxy = proxyServer().start()) {
      assertThrows(
          UnknownHostException.class,
          () -> client.open(proxy.proxy(type), PROXY_ONLY_NAME, echo.port()));
      assertEquals(List.of(), proxy.requests(), "the proxy was never asked");
    }
  }

  @Test
  void theBootstrapPathWithTheNoopResolverSendsTheNameToTheProxy() throws Exception {
    try (SocksProxyServer proxy = proxyServer().start();
        TunnelClient.Tunnel tunnel =
            client.openWithBootstrap(
                proxy.proxy(ProxyType.SOCKS5H),
                PROXY_ONLY_NAME,
                echo.port(),
                NoopAddressResolverGroup.INSTANCE)) {
      assertArrayEquals(PAYLOAD, tunnel.exchange(PAYLOAD));
      assertEquals(AddressType.DOMAIN, proxy.requests().get(0).addressType());
    }
  }

  @Test
  void theBootstrapPathWithTheDefaultResolverWouldResolveTheNameLocally() throws Exception {
    // Why ProxyHandlers documents NoopAddressResolverGroup: without it, socks5h sends an address.
    try (SocksProxyServer proxy = proxyServer().start();
        TunnelClient.Tunnel tunnel =
            client.openWithBootstrap(
                proxy.proxy(ProxyType.SOCKS5H),
                "localhost",
                echo.port(),
                DefaultAddressResolverGroup.INSTANCE)) {
      assertArrayEquals(PAYLOAD, tunnel.exchange(PAYLOAD));
      assertEquals(AddressType.IPV4, proxy.requests().get(0).addressType());
    }
  }

  @Test
  void socks5SendsAnIpv6LiteralAsAnIpv6Address() {
    try (SocksProxyServer proxy =
        proxyServer().socks5Reply(Socks5CommandStatus.HOST_UNREACHABLE).start()) {
      ProxyException e =
          assertThrows(
              ProxyException.class,
              () -> client.open(proxy.proxy(ProxyType.SOCKS5H), "[::1]", 443));
      assertEquals("host unreachable (reply 4)", e.reason());
      assertEquals(Optional.of("[::1]:443"), e.destination());
      assertEquals(AddressType.IPV6, proxy.requests().get(0).addressType());
    }
  }

  @Test
  void socks5CredentialsAreSentWhenTheProxyRequiresThem() throws Exception {
    try (SocksProxyServer proxy = proxyServer().password("alice", "s3cret").start();
        TunnelClient.Tunnel tunnel =
            client.open(
                proxy.proxy(ProxyType.SOCKS5H).withAuth("alice", "s3cret"),
                PROXY_ONLY_NAME,
                echo.port())) {
      assertArrayEquals(PAYLOAD, tunnel.exchange(PAYLOAD));
      assertEquals("alice", proxy.requests().get(0).user());
    }
  }

  @Test
  void socks5WithoutCredentialsFailsWhenTheProxyRequiresThem() {
    try (SocksProxyServer proxy = proxyServer().password("alice", "s3cret").start()) {
      ProxyException e =
          assertThrows(
              ProxyException.class,
              () -> client.open(proxy.proxy(ProxyType.SOCKS5), echo.host(), echo.port()));
      assertEquals(
          "SOCKS5 proxy 127.0.0.1:"
              + proxy.port()
              + " (to 127.0.0.1:"
              + echo.port()
              + "): "
              + "proxy requires authentication",
          e.getMessage());
      assertInstanceOf(ProxyConnectException.class, e.getCause());
    }
  }

  @Test
  void socks5WithWrongCredentialsFailsWithAuthenticationRefused() {
    try (SocksProxyServer proxy = proxyServer().password("alice", "s3cret").start()) {
      ProxyConfig config = proxy.proxy(ProxyType.SOCKS5H).withAuth("alice", "not-the-password");
      ProxyException e =
          assertThrows(ProxyException.class, () -> client.open(config, echo.host(), echo.port()));
      assertEquals("SOCKS5 authentication refused", e.reason());
      assertNoSecretIn(e, "not-the-password");
      assertEquals(List.of(), proxy.requests(), "no CONNECT after a refused login");
    }
  }

  @Test
  void socks4SendsTheUserIdAsItsCredential() throws Exception {
    try (SocksProxyServer proxy = proxyServer().userId("alice").start();
        TunnelClient.Tunnel tunnel =
            client.open(
                proxy.proxy(ProxyType.SOCKS4A).withAuth("alice", null),
                PROXY_ONLY_NAME,
                echo.port())) {
      assertArrayEquals(PAYLOAD, tunnel.exchange(PAYLOAD));
      assertEquals("alice", proxy.requests().get(0).user());
    }
  }

  @Test
  void socks4WithAnotherUserIdIsRejectedWithTheIdentdMismatchReply() {
    try (SocksProxyServer proxy = proxyServer().userId("alice").start()) {
      ProxyConfig config = proxy.proxy(ProxyType.SOCKS4).withAuth("mallory", "ignored");
      ProxyException e =
          assertThrows(ProxyException.class, () -> client.open(config, echo.host(), echo.port()));
      assertEquals(
          "SOCKS4 proxy 127.0.0.1:"
              + proxy.port()
              + " (to 127.0.0.1:"
              + echo.port()
              + "): "
              + "request rejected: identd reported a different user id (reply 93)",
          e.getMessage());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "FAILURE, general failure (reply 1)",
    "FORBIDDEN, connection not allowed by ruleset (reply 2)",
    "NETWORK_UNREACHABLE, network unreachable (reply 3)",
    "HOST_UNREACHABLE, host unreachable (reply 4)",
    "CONNECTION_REFUSED, connection refused by destination (reply 5)",
    "TTL_EXPIRED, TTL expired (reply 6)",
    "COMMAND_UNSUPPORTED, command not supported (reply 7)",
    "ADDRESS_UNSUPPORTED, address type not supported (reply 8)",
  })
  void eachSocks5ReplyCodeIsReportedInWords(String status, String reason) throws Exception {
    Socks5CommandStatus reply =
        (Socks5CommandStatus) Socks5CommandStatus.class.getField(status).get(null);
    try (SocksProxyServer proxy = proxyServer().socks5Reply(reply).start()) {
      ProxyException e =
          assertThrows(
              ProxyException.class,
              () -> client.open(proxy.proxy(ProxyType.SOCKS5H), PROXY_ONLY_NAME, echo.port()));
      assertEquals(reason, e.reason());
      assertTrue(
          e.getMessage().startsWith("SOCKS5h proxy 127.0.0.1:" + proxy.port() + " (to echo.test:"));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "REJECTED_OR_FAILED, request rejected or failed (reply 91)",
    "IDENTD_UNREACHABLE, request rejected: the proxy could not reach identd on the client (reply"
        + " 92)",
    "IDENTD_AUTH_FAILURE, request rejected: identd reported a different user id (reply 93)",
  })
  void eachSocks4RejectionIsReportedInWords(String status, String reason) throws Exception {
    Socks4CommandStatus reply =
        (Socks4CommandStatus) Socks4CommandStatus.class.getField(status).get(null);
    try (SocksProxyServer proxy = proxyServer().socks4Reply(reply).start()) {
      ProxyException e =
          assertThrows(
              ProxyException.class,
              () -> client.open(proxy.proxy(ProxyType.SOCKS4A), PROXY_ONLY_NAME, echo.port()));
      assertEquals(reason, e.reason());
    }
  }

  @Test
  void anUnreachableDestinationIsReportedAsRefusedByTheDestination() throws IOException {
    int closedPort = closedPort();
    try (SocksProxyServer proxy = proxyServer().start()) {
      ProxyException e =
          assertThrows(
              ProxyException.class,
              () -> client.open(proxy.proxy(ProxyType.SOCKS5), "127.0.0.1", closedPort));
      assertEquals("connection refused by destination (reply 5)", e.reason());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ProxyType.class,
      names = {"SOCKS4", "SOCKS5"})
  void aProxyThatNeverAnswersTimesOutAfterTheConfiguredTimeout(ProxyType type) {
    try (SocksProxyServer proxy = proxyServer().stall().start()) {
      ProxyConfig config = proxy.proxy(type).withConnectTimeout(Duration.ofMillis(250));
      ProxyException e =
          assertThrows(ProxyException.class, () -> client.open(config, echo.host(), echo.port()));
      assertEquals("proxy timed out after 250ms", e.reason());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ProxyType.class,
      names = {"SOCKS4", "SOCKS5"})
  void aProxyThatClosesWithoutAnsweringIsReportedAsSuch(ProxyType type) {
    try (SocksProxyServer proxy = proxyServer().closeWithoutAnswer().start()) {
      ProxyException e =
          assertThrows(
              ProxyException.class, () -> client.open(proxy.proxy(type), echo.host(), echo.port()));
      assertEquals("proxy closed the connection before the tunnel was established", e.reason());
    }
  }

  @Test
  void aSocksProxyThatRefusesTheConnectionIsUnreachable() throws IOException {
    ProxyConfig config = ProxyConfig.socks5h("127.0.0.1", closedPort());
    ProxyException e =
        assertThrows(ProxyException.class, () -> client.open(config, PROXY_ONLY_NAME, 80));
    assertEquals(
        "SOCKS5h proxy "
            + config.authority()
            + " (to echo.test:80): proxy unreachable (connection refused)",
        e.getMessage());
    assertInstanceOf(ConnectException.class, e.getCause());
  }
}
