package dev.websocket.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ProxyEnvironment}, table-driven. Each row is an environment written as {@code
 * NAME=value;NAME=value} and a destination; the expected proxy is a URL, or {@code DIRECT}.
 */
class ProxyEnvironmentTest {

  @ParameterizedTest(name = "[{index}] {0} | {1}://{2}:{3} -> {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        // http_proxy serves ws, https_proxy serves wss; neither falls back to the other
        "http_proxy=http://p:3128                          | ws  | example.com | 80  |"
            + " http://p:3128",
        "http_proxy=http://p:3128                          | wss | example.com | 443 | DIRECT",
        "https_proxy=socks5h://s:1080                      | wss | example.com | 443 |"
            + " socks5h://s:1080",
        "https_proxy=socks5h://s:1080                      | ws  | example.com | 80  | DIRECT",
        "http_proxy=http://a:1;https_proxy=http://b:2      | wss | example.com | 443 | http://b:2",
        // upper case works; lower case wins when both are set, even when empty
        "HTTP_PROXY=http://upper:3128                      | ws  | example.com | 80  |"
            + " http://upper:3128",
        "HTTPS_PROXY=http://upper:3128                     | wss | example.com | 443 |"
            + " http://upper:3128",
        "http_proxy=http://lower:1;HTTP_PROXY=http://upper:2 | ws | example.com | 80 |"
            + " http://lower:1",
        "http_proxy=;HTTP_PROXY=http://upper:2             | ws  | example.com | 80  | DIRECT",
        "'http_proxy=  http://p:3128  '                    | ws  | example.com | 80  |"
            + " http://p:3128",
        // all_proxy only when the scheme's own variable is not set at all
        "all_proxy=socks5://all:1080                       | ws  | example.com | 80  |"
            + " socks5://all:1080",
        "ALL_PROXY=socks5://all:1080                       | wss | example.com | 443 |"
            + " socks5://all:1080",
        "all_proxy=socks5://all:1;http_proxy=http://p:2    | ws  | example.com | 80  | http://p:2",
        "all_proxy=socks5://all:1;http_proxy=              | ws  | example.com | 80  | DIRECT",
        // no_proxy / NO_PROXY, lower case first
        "http_proxy=http://p:1;no_proxy=example.com        | ws  | example.com | 80  | DIRECT",
        "http_proxy=http://p:1;no_proxy=example.com        | ws  | api.example.com | 80 | DIRECT",
        "http_proxy=http://p:1;no_proxy=example.com        | ws  | example.org | 80  | http://p:1",
        "http_proxy=http://p:1;NO_PROXY=.example.com       | ws  | example.com | 80  | DIRECT",
        "http_proxy=http://p:1;no_proxy=a.com;NO_PROXY=example.com | ws | example.com | 80 |"
            + " http://p:1",
        "http_proxy=http://p:1;no_proxy=10.0.0.0/8         | ws  | 10.1.2.3    | 80  | DIRECT",
        "http_proxy=http://p:1;no_proxy=fd00::/8           | ws  | [fd00::5]   | 80  | DIRECT",
        "http_proxy=http://p:1;no_proxy=example.com:8080   | ws  | example.com | 80  | http://p:1",
        "http_proxy=http://p:1;no_proxy=example.com:8080   | ws  | example.com | 8080 | DIRECT",
        "http_proxy=http://p:1;no_proxy=*                  | ws  | example.com | 80  | DIRECT",
        // loopback bypasses an environment proxy unless no_proxy says otherwise
        "http_proxy=http://p:1                             | ws  | localhost   | 80  | DIRECT",
        "http_proxy=http://p:1                             | ws  | 127.0.0.1   | 80  | DIRECT",
        "http_proxy=http://p:1                             | ws  | [::1]       | 80  | DIRECT",
        "http_proxy=http://p:1;no_proxy=                   | ws  | localhost   | 80  | DIRECT",
        "http_proxy=http://p:1;no_proxy=example.com        | ws  | localhost   | 80  | http://p:1",
        // nothing set
        "''                                                | ws  | example.com | 80  | DIRECT",
      })
  void theEnvironmentPicksTheProxyAsCurlAndPythonDo(
      String variables, String scheme, String host, int port, String expected) {
    ProxyEnvironment environment = ProxyEnvironment.of(env(variables));
    Optional<ProxyConfig> proxy = environment.proxyFor(host, port, scheme.equals("wss"));
    assertEquals(
        expected.equals("DIRECT") ? Optional.empty() : Optional.of(ProxyConfig.parse(expected)),
        proxy);
  }

  @Test
  void credentialsInAProxyVariableArePercentDecoded() {
    ProxyEnvironment environment =
        ProxyEnvironment.of(Map.of("https_proxy", "http://al%40ice:p%3Ass@proxy:3128"));
    assertEquals(
        Optional.of(ProxyConfig.http("proxy", 3128).withAuth("al@ice", "p:ss")),
        environment.proxyFor("example.com", 443, true));
  }

  @Test
  void aMalformedProxyVariableIsReportedByNameWithoutItsPassword() {
    ProxyEnvironment environment =
        ProxyEnvironment.of(Map.of("HTTPS_PROXY", "https://alice:s3cret@proxy:443"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> environment.proxyFor("example.com", 443, true));
    assertEquals(
        "environment variable https_proxy: invalid proxy URL 'https://alice:****@proxy:443': "
            + "TLS to the proxy (https://) is not supported; use http:// for an HTTP CONNECT proxy",
        e.getMessage());
  }

  @Test
  void aMalformedNoProxyVariableIsReportedByName() {
    ProxyEnvironment environment =
        ProxyEnvironment.of(Map.of("http_proxy", "http://p:1", "no_proxy", "10.0.0.0/99"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> environment.proxyFor("example.com", 80, false));
    assertEquals(
        "environment variable no_proxy: invalid no-proxy entry '10.0.0.0/99': "
            + "prefix length 99 is more than 32 bits",
        e.getMessage());
  }

  @Test
  void theMapIsCopiedSoLaterChangesDoNotLeakIn() {
    Map<String, String> variables = new HashMap<>();
    variables.put("http_proxy", "http://p:1");
    ProxyEnvironment environment = ProxyEnvironment.of(variables);
    variables.put("http_proxy", "http://changed:2");
    assertEquals(Optional.of(ProxyConfig.http("p", 1)), environment.proxy(false));
  }

  @Test
  void toStringMasksPasswords() {
    String text =
        ProxyEnvironment.of(Map.of("http_proxy", "http://alice:s3cret@p:1", "no_proxy", "a.com"))
            .toString();
    assertEquals("ProxyEnvironment{http_proxy=http://alice:****@p:1, no_proxy=a.com}", text);
    assertFalse(text.contains("s3cret"));
  }

  /** {@code "a=1;b=2"} as a map; an empty string is no variables. */
  static Map<String, String> env(String variables) {
    Map<String, String> map = new HashMap<>();
    for (String pair : variables.split(";")) {
      if (!pair.isBlank()) {
        int equals = pair.indexOf('=');
        map.put(pair.substring(0, equals).trim(), pair.substring(equals + 1));
      }
    }
    return map;
  }
}
