package dev.websocket.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link NoProxy}: one row per list entry kind, matching and not. */
class NoProxyTest {

  @ParameterizedTest(name = "[{index}] no_proxy={0}, {1}:{2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        // exact hosts, any case, trailing dot ignored
        "example.com            | example.com        | 443  | true",
        "example.com            | EXAMPLE.com.       | 443  | true",
        "Example.COM            | example.com        | 80   | true",
        "example.com            | example.org        | 443  | false",
        "example.com            | notexample.com     | 443  | false",
        // both suffix forms cover the domain and its subdomains
        "example.com            | a.example.com      | 443  | true",
        "example.com            | a.b.example.com    | 443  | true",
        ".example.com           | a.example.com      | 443  | true",
        ".example.com           | example.com        | 443  | true",
        "*.example.com          | a.example.com      | 443  | true",
        ".example.com           | badexample.com     | 443  | false",
        // IPv4 literals
        "10.1.2.3               | 10.1.2.3           | 443  | true",
        "10.1.2.3               | 10.1.2.4           | 443  | false",
        "10.1.2.3               | ::ffff:10.1.2.3    | 443  | true",
        "0.0.1                  | 10.0.0.1           | 443  | false",
        // IPv6 literals, brackets allowed on either side
        "::1                    | ::1                | 443  | true",
        "::1                    | [::1]              | 443  | true",
        "[::1]                  | 0:0:0:0:0:0:0:1    | 443  | true",
        "fe80::1                | fe80::2            | 443  | false",
        // CIDR blocks, compared as addresses, never resolved
        "10.0.0.0/8             | 10.200.3.4         | 443  | true",
        "10.0.0.0/8             | 11.0.0.1           | 443  | false",
        "192.168.1.0/25         | 192.168.1.127      | 443  | true",
        "192.168.1.0/25         | 192.168.1.128      | 443  | false",
        "0.0.0.0/0              | 8.8.8.8            | 443  | true",
        "fd00::/8               | fd12:3456::1       | 443  | true",
        "fd00::/8               | [fd00::1]          | 443  | true",
        "fd00::/8               | fe00::1            | 443  | false",
        "[fd00::]/8             | fd00::1            | 443  | true",
        "::ffff:10.0.0.0/104    | 10.1.2.3           | 443  | true",
        "10.0.0.0/8             | localhost          | 443  | false",
        "127.0.0.1              | localhost          | 443  | false",
        // host:port limits an entry to one port
        "example.com:8080       | example.com        | 8080 | true",
        "example.com:8080       | example.com        | 443  | false",
        "example.com:8080       | a.example.com      | 8080 | true",
        "10.1.2.3:80            | 10.1.2.3           | 80   | true",
        "[::1]:8080             | ::1                | 8080 | true",
        "[::1]:8080             | ::1                | 8081 | false",
        // * covers everything
        "*                      | anything.at.all    | 1    | true",
        "*                      | ::1                | 1    | true",
        // lists: commas, whitespace, empty entries
        "a.com, b.com           | b.com              | 443  | true",
        "a.com,,b.com           | b.com              | 443  | true",
        "'a.com b.com'          | b.com              | 443  | true",
        "a.com,b.com            | c.com              | 443  | false",
        "''                     | a.com              | 443  | false",
      })
  void entriesMatchAsCurlMatchesThem(String list, String host, int port, boolean matches) {
    assertEquals(matches, NoProxy.parse(list).matches(host, port));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0/33     | invalid no-proxy entry '10.0.0.0/33': prefix length 33 is more than 32"
            + " bits",
        "fd00::/129      | invalid no-proxy entry 'fd00::/129': prefix length 129 is more than 128"
            + " bits",
        "example.com/8   | invalid no-proxy entry 'example.com/8': a CIDR block needs an IP address"
            + " before '/'",
        "10.0.0.0/x      | invalid no-proxy entry '10.0.0.0/x': prefix length 'x' is not a number",
        "host:http       | invalid no-proxy entry 'host:http': port 'http' is not a number",
        "host:70000      | invalid no-proxy entry 'host:70000': port 70000 is out of range 1 to"
            + " 65535",
        "[::1            | invalid no-proxy entry '[::1': unclosed '['",
        "a.*.com         | invalid no-proxy entry 'a.*.com': not a host name, domain, IP address or"
            + " CIDR block",
      })
  void malformedEntriesAreRejectedNamingTheEntry(String entry, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NoProxy.parse("ok.com," + entry));
    assertEquals(message, e.getMessage());
  }

  @Test
  void ofAndParseBuildTheSameList() {
    assertEquals(NoProxy.parse("a.com, 10.0.0.0/8"), NoProxy.of("a.com", "10.0.0.0/8"));
    assertEquals(List.of("a.com", "10.0.0.0/8"), NoProxy.of(" a.com ", "", "10.0.0.0/8").entries());
    assertEquals("a.com,10.0.0.0/8", NoProxy.of("a.com", "10.0.0.0/8").toString());
  }

  @Test
  void anEmptyListMatchesNothing() {
    assertTrue(NoProxy.parse(null).isEmpty());
    assertTrue(NoProxy.parse(" , ").isEmpty());
    assertEquals(NoProxy.NONE, NoProxy.of());
    assertFalse(NoProxy.NONE.matches("localhost", 80));
  }

  @ParameterizedTest
  @CsvSource({
    "localhost, true",
    "127.0.0.1, true",
    "127.8.9.10, true",
    "::1, true",
    "[::1], true",
    "10.0.0.1, false",
    "example.com, false"
  })
  void theLoopbackListCoversLocalhostAndLoopbackAddresses(String host, boolean matches) {
    assertEquals(matches, NoProxy.LOOPBACK.matches(host, 8080));
  }
}
