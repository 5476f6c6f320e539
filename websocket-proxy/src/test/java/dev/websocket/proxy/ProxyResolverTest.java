package dev.websocket.proxy;

import static dev.websocket.proxy.ProxyEnvironmentTest.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link ProxyResolver}: explicit settings first, then the environment. */
class ProxyResolverTest {

  private static final ProxyConfig EXPLICIT = ProxyConfig.socks5h("explicit", 1080);
  private static final ProxyConfig FROM_ENV = ProxyConfig.http("envproxy", 3128);
  private static final ProxyEnvironment ENVIRONMENT =
      ProxyEnvironment.of(env("http_proxy=http://envproxy:3128;https_proxy=http://envproxy:3128"));

  private static ProxyResolver.Builder resolver() {
    return ProxyResolver.builder().environment(ENVIRONMENT);
  }

  @Test
  void anExplicitProxyWinsOverTheEnvironment() {
    ProxyResolver resolver = resolver().proxy(EXPLICIT).build();
    assertEquals(Optional.of(EXPLICIT), resolver.proxyFor("example.com", 443, true));
  }

  @Test
  void withoutAnExplicitProxyTheEnvironmentDecides() {
    assertEquals(Optional.of(FROM_ENV), resolver().build().proxyFor("example.com", 80, false));
  }

  @Test
  void ignoringTheEnvironmentMeansDirectUnlessAProxyIsGiven() {
    assertEquals(
        Optional.empty(),
        resolver().ignoreEnvironment(true).build().proxyFor("example.com", 80, false));
    assertEquals(
        Optional.of(EXPLICIT),
        resolver()
            .ignoreEnvironment(true)
            .proxy(EXPLICIT)
            .build()
            .proxyFor("example.com", 80, false));
  }

  @Test
  void anExplicitNoProxyListBypassesAnExplicitProxy() {
    ProxyResolver resolver =
        resolver().proxy(EXPLICIT).noProxy("internal.corp", "10.0.0.0/8").build();
    assertEquals(Optional.empty(), resolver.proxyFor("wiki.internal.corp", 443, true));
    assertEquals(Optional.empty(), resolver.proxyFor("10.9.8.7", 80, false));
    assertEquals(Optional.of(EXPLICIT), resolver.proxyFor("example.com", 443, true));
  }

  @Test
  void theEnvironmentNoProxyListAppliesToAnExplicitProxyToo() {
    ProxyResolver resolver =
        ProxyResolver.builder()
            .environment(ProxyEnvironment.of(env("no_proxy=.internal.corp")))
            .proxy(EXPLICIT)
            .build();
    assertEquals(Optional.empty(), resolver.proxyFor("wiki.internal.corp", 443, true));
    assertEquals(Optional.of(EXPLICIT), resolver.proxyFor("example.com", 443, true));
  }

  @Test
  void anExplicitNoProxyListReplacesTheEnvironmentOne() {
    ProxyResolver resolver =
        ProxyResolver.builder()
            .environment(
                ProxyEnvironment.of(env("http_proxy=http://envproxy:3128;no_proxy=example.com")))
            .noProxy("other.com")
            .build();
    assertEquals(Optional.of(FROM_ENV), resolver.proxyFor("example.com", 80, false));
    assertEquals(Optional.empty(), resolver.proxyFor("other.com", 80, false));
  }

  @Test
  void anExplicitProxyIsUsedForLoopbackDestinations() {
    // Unlike an environment proxy: whoever configured it in code chose it for this connection.
    assertEquals(
        Optional.of(EXPLICIT),
        resolver().proxy(EXPLICIT).build().proxyFor("localhost", 8080, false));
  }

  @Test
  void anEnvironmentProxyIsNotUsedForLoopbackDestinationsByDefault() {
    assertEquals(Optional.empty(), resolver().build().proxyFor("127.0.0.1", 8080, false));
  }

  @Test
  void anExplicitEmptyNoProxyListSendsLoopbackThroughTheEnvironmentProxy() {
    assertEquals(
        Optional.of(FROM_ENV),
        resolver().noProxy(NoProxy.NONE).build().proxyFor("localhost", 8080, false));
  }

  @Test
  void toStringNeverShowsPasswords() {
    String text =
        resolver()
            .proxy(EXPLICIT.withAuth("alice", "s3cret"))
            .environment(ProxyEnvironment.of(env("http_proxy=http://bob:hunter2@p:1")))
            .build()
            .toString();
    assertFalse(text.contains("s3cret"), text);
    assertFalse(text.contains("hunter2"), text);
  }
}
