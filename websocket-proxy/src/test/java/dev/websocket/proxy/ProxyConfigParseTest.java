package dev.websocket.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ProxyConfig#parse}: the URL forms of {@code http_proxy} and friends. */
class ProxyConfigParseTest {

  static Stream<Arguments> validUrls() {
    return Stream.of(
        Arguments.of("http://proxy:3128", ProxyConfig.http("proxy", 3128)),
        Arguments.of("http://proxy:3128/", ProxyConfig.http("proxy", 3128)),
        Arguments.of("  http://proxy:3128  ", ProxyConfig.http("proxy", 3128)),
        Arguments.of("HTTP://Proxy:3128", ProxyConfig.http("Proxy", 3128)),
        Arguments.of("proxy:3128", ProxyConfig.http("proxy", 3128)),
        Arguments.of("proxy", ProxyConfig.http("proxy", 1080)),
        Arguments.of("http://proxy", ProxyConfig.http("proxy", 1080)),
        Arguments.of("socks4://proxy", ProxyConfig.socks4("proxy", 1080)),
        Arguments.of("socks4a://proxy:9050", ProxyConfig.socks4a("proxy", 9050)),
        Arguments.of("socks5://10.0.0.1:1080", ProxyConfig.socks5("10.0.0.1", 1080)),
        Arguments.of("socks5h://[::1]:1080", ProxyConfig.socks5h("::1", 1080)),
        Arguments.of("socks5h://[fd00::1]", ProxyConfig.socks5h("fd00::1", 1080)),
        Arguments.of("http://my_proxy.corp:8080", ProxyConfig.http("my_proxy.corp", 8080)),
        Arguments.of(
            "http://alice:s3cret@proxy:3128",
            ProxyConfig.http("proxy", 3128).withAuth("alice", "s3cret")),
        Arguments.of(
            "socks5://alice@proxy:1080", ProxyConfig.socks5("proxy", 1080).withAuth("alice", "")),
        Arguments.of(
            "socks5h://al%40ice:p%3Ass%2Fw%25rd@proxy:1080",
            ProxyConfig.socks5h("proxy", 1080).withAuth("al@ice", "p:ss/w%rd")),
        Arguments.of(
            "http://alice:p+ss@proxy:3128",
            ProxyConfig.http("proxy", 3128).withAuth("alice", "p+ss")),
        Arguments.of(
            "http://alice:p@ss/w#rd@proxy:3128",
            ProxyConfig.http("proxy", 3128).withAuth("alice", "p@ss/w#rd")),
        Arguments.of(
            "http://j%C3%BCrgen:%E2%82%AC@proxy:3128",
            ProxyConfig.http("proxy", 3128).withAuth("jürgen", "€")),
        Arguments.of("http://:@proxy:3128", ProxyConfig.http("proxy", 3128)));
  }

  @ParameterizedTest
  @MethodSource("validUrls")
  void validUrlsParseToTheirConfig(String url, ProxyConfig expected) {
    assertEquals(expected, ProxyConfig.parse(url));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                | invalid proxy URL '': empty",
        "https://proxy:443                 | invalid proxy URL 'https://proxy:443': TLS to the"
            + " proxy (https://) is not supported; use http:// for an HTTP CONNECT proxy",
        "ftp://proxy:21                    | invalid proxy URL 'ftp://proxy:21': unknown scheme"
            + " 'ftp' (expected http, socks4, socks4a, socks5 or socks5h)",
        "http://proxy:99999                | invalid proxy URL 'http://proxy:99999': port 99999 is"
            + " out of range 1 to 65535",
        "http://proxy:0                    | invalid proxy URL 'http://proxy:0': port 0 is out of"
            + " range 1 to 65535",
        "http://proxy:http                 | invalid proxy URL 'http://proxy:http': port 'http' is"
            + " not a number",
        "http://proxy:                     | invalid proxy URL 'http://proxy:': port '' is not a"
            + " number",
        "http://:3128                      | invalid proxy URL 'http://:3128': no host",
        "http://proxy:3128/path            | invalid proxy URL 'http://proxy:3128/path': a proxy"
            + " URL has no path, query or fragment",
        "http://::1:3128                   | invalid proxy URL 'http://::1:3128': an IPv6 address"
            + " must be written in brackets",
        "socks5://[::1                     | invalid proxy URL 'socks5://[::1': unclosed '[' in"
            + " host",
        "socks5://[proxy]:1080             | invalid proxy URL 'socks5://[proxy]:1080': 'proxy' in"
            + " brackets is not an IPv6 address",
        "http://alice:s3cret@proxy:http    | invalid proxy URL 'http://alice:****@proxy:http': port"
            + " 'http' is not a number",
        "http://alice:s%ZZ@proxy:3128      | invalid proxy URL 'http://alice:****@proxy:3128': bad"
            + " percent-encoding in the password",
        "http://:s3cret@proxy:3128         | invalid proxy URL 'http://:****@proxy:3128': a"
            + " password without a user",
      })
  void invalidUrlsAreRejectedNamingTheUrlAndTheProblemButNotThePassword(
      String url, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ProxyConfig.parse(url));
    assertEquals(message, e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"));
  }
}
