package dev.websocket.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyConfigTest {

  @Test
  void eachFactoryGivesItsTypeHostPortAndTheDefaults() {
    assertEquals(ProxyType.HTTP, ProxyConfig.http("proxy", 3128).type());
    assertEquals(ProxyType.SOCKS4, ProxyConfig.socks4("proxy", 1080).type());
    assertEquals(ProxyType.SOCKS4A, ProxyConfig.socks4a("proxy", 1080).type());
    assertEquals(ProxyType.SOCKS5, ProxyConfig.socks5("proxy", 1080).type());
    ProxyConfig config = ProxyConfig.socks5h("proxy.internal", 1081);
    assertEquals(ProxyType.SOCKS5H, config.type());
    assertEquals("proxy.internal", config.host());
    assertEquals(1081, config.port());
    assertEquals(Optional.empty(), config.username());
    assertFalse(config.hasCredentials());
    assertEquals(ProxyConfig.DEFAULT_CONNECT_TIMEOUT, config.connectTimeout());
    assertEquals(Duration.ofSeconds(10), ProxyConfig.DEFAULT_CONNECT_TIMEOUT);
  }

  @ParameterizedTest
  @CsvSource({"HTTP, false", "SOCKS4, true", "SOCKS4A, false", "SOCKS5, true", "SOCKS5H, false"})
  void onlySocks4AndSocks5ResolveTheDestinationLocally(ProxyType type, boolean local) {
    assertEquals(local, ProxyConfig.of(type, "proxy", 1080).resolvesDestinationLocally());
  }

  @Test
  void anIpv6HostLosesItsBracketsAndGetsThemBackInTheAuthority() {
    ProxyConfig config = ProxyConfig.http("[::1]", 3128);
    assertEquals("::1", config.host());
    assertEquals("[::1]:3128", config.authority());
    assertEquals(config, ProxyConfig.http("::1", 3128));
  }

  @Test
  void configsWithTheSameSettingsAreEqual() {
    ProxyConfig a = ProxyConfig.socks5("proxy", 1080).withAuth("alice", "pw");
    ProxyConfig b = ProxyConfig.socks5("proxy", 1080).withAuth("alice", "pw");
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, b.withAuth("alice", "other"));
    assertNotEquals(a, b.withConnectTimeout(Duration.ofSeconds(3)));
    assertNotEquals(a, ProxyConfig.socks5h("proxy", 1080).withAuth("alice", "pw"));
    assertNotEquals(a, a.withoutAuth());
  }

  @Test
  void toStringShowsTheUserButNeverThePassword() {
    ProxyConfig config = ProxyConfig.socks5h("10.0.0.1", 1080).withAuth("alice", "s3cret");
    assertEquals(
        "ProxyConfig{SOCKS5h 10.0.0.1:1080, user=alice, connectTimeout=PT10S}", config.toString());
    assertFalse(config.toString().contains("s3cret"));
  }

  @Test
  void withAuthKeepsTheOtherSettingsAndANullPasswordMeansEmpty() {
    ProxyConfig config =
        ProxyConfig.socks4("proxy", 1080)
            .withConnectTimeout(Duration.ofSeconds(2))
            .withAuth("alice", null);
    assertEquals(Optional.of("alice"), config.username());
    assertEquals("", config.password());
    assertEquals(Duration.ofSeconds(2), config.connectTimeout());
    assertTrue(config.hasCredentials());
  }

  @Test
  void anHttpUserWithAColonIsRejectedBecauseBasicAuthCannotCarryIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ProxyConfig.http("proxy", 3128).withAuth("a:b", "pw"));
    assertEquals("HTTP proxy user must not contain ':' (RFC 7617)", e.getMessage());
  }

  @Test
  void socks5CredentialsLongerThan255CharactersAreRejected() {
    String longPassword = "x".repeat(256);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ProxyConfig.socks5("proxy", 1080).withAuth("alice", longPassword));
    assertEquals(
        "SOCKS5 user and password are limited to 255 characters each (RFC 1929)", e.getMessage());
    assertFalse(e.getMessage().contains(longPassword));
  }

  @Test
  void credentialsWithLineBreaksAreRejectedWithoutEchoingThem() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ProxyConfig.http("proxy", 3128).withAuth("alice", "pw\r\nX-Injected: 1"));
    assertEquals("proxy password contains a control character", e.getMessage());
  }

  @Test
  void anEmptyUserIsRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> ProxyConfig.http("proxy", 3128).withAuth("", "pw"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536})
  void portsOutsideOneTo65535AreRejected(int port) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ProxyConfig.http("proxy", port));
    assertEquals("proxy port must be 1 to 65535: " + port, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[]", "proxy:3128", "pro xy", "user@proxy", "proxy/path"})
  void malformedHostsAreRejected(String host) {
    assertThrows(IllegalArgumentException.class, () -> ProxyConfig.http(host, 3128));
  }

  @Test
  void aConnectTimeoutShorterThanOneMillisecondIsRejected() {
    ProxyConfig config = ProxyConfig.http("proxy", 3128);
    assertThrows(IllegalArgumentException.class, () -> config.withConnectTimeout(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> config.withConnectTimeout(Duration.ofSeconds(-1)));
    assertEquals(
        Duration.ofMillis(1), config.withConnectTimeout(Duration.ofMillis(1)).connectTimeout());
  }

  @ParameterizedTest
  @CsvSource({"http, HTTP", "SOCKS5H, SOCKS5H", "Socks4a, SOCKS4A"})
  void proxyTypesAreFoundByTheirSchemeInAnyCase(String scheme, ProxyType type) {
    assertEquals(Optional.of(type), ProxyType.fromScheme(scheme));
  }
}
