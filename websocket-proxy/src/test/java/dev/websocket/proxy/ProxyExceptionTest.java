package dev.websocket.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.proxy.ProxyConnectException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ProxyException#from} on failures that the in-process proxies cannot produce on demand.
 * Netty's messages are written here as its handlers format them (see {@code ProxyFailures}); the
 * tunnel tests check the same translations against Netty's real output.
 */
class ProxyExceptionTest {

  private static final ProxyConfig SOCKS5 = ProxyConfig.socks5("10.0.0.1", 1080);
  private static final String NETTY_PREFIX = "socks5, none, /10.0.0.1:1080 => example.com:443, ";

  @Test
  void theMessageNamesTypeProxyDestinationAndReason() {
    ProxyException e =
        ProxyException.from(
            SOCKS5,
            InetSocketAddress.createUnresolved("example.com", 443),
            new ConnectException("Connection refused: /10.0.0.1:1080"));
    assertEquals(
        "SOCKS5 proxy 10.0.0.1:1080 (to example.com:443): proxy unreachable (connection refused)",
        e.getMessage());
    assertEquals(Optional.of("example.com:443"), e.destination());
    assertEquals(SOCKS5, e.proxy());
  }

  @Test
  void withoutADestinationTheMessageLeavesItOut() {
    ProxyException e = ProxyException.from(SOCKS5, new ClosedChannelException());
    assertEquals(
        "SOCKS5 proxy 10.0.0.1:1080: connection closed before the tunnel was established",
        e.getMessage());
  }

  @Test
  void anIpv6ProxyIsWrittenInBrackets() {
    ProxyException e =
        ProxyException.from(ProxyConfig.http("fd00::1", 3128), new ClosedChannelException());
    assertEquals(
        "HTTP proxy [fd00::1]:3128: connection closed before the tunnel was established",
        e.getMessage());
  }

  @Test
  void aTcpConnectTimeoutMeansTheProxyIsUnreachable() {
    assertEquals(
        "proxy unreachable (connection timed out)",
        reason(new ConnectTimeoutException("connection timed out after 10000 ms: /10.0.0.1:1080")));
  }

  @Test
  void noRouteToTheProxyMeansItIsUnreachable() {
    assertEquals(
        "proxy unreachable (no route to host)",
        reason(new NoRouteToHostException("No route to host")));
  }

  @Test
  void theHandshakeTimeoutIsReportedWithTheConfiguredDuration() {
    ProxyConnectException timeout = new ProxyConnectException(NETTY_PREFIX + "timeout");
    assertEquals("proxy timed out after 10s", ProxyException.from(SOCKS5, timeout).reason());
    assertEquals(
        "proxy timed out after 1500ms",
        ProxyException.from(SOCKS5.withConnectTimeout(Duration.ofMillis(1500)), timeout).reason());
  }

  @Test
  void aResetDuringTheHandshakeIsReportedAsAReset() {
    IOException reset = new IOException("Connection reset by peer");
    assertEquals(
        "proxy reset the connection",
        reason(new ProxyConnectException(NETTY_PREFIX + reset, reset)));
  }

  @Test
  void aReplyThatIsNotTheExpectedProtocolIsReportedAsMalformed() {
    DecoderException garbage =
        new DecoderException(new IllegalArgumentException("unsupported version: 72 (expected: 5)"));
    assertEquals(
        "proxy sent a malformed reply (unsupported version: 72 (expected: 5))",
        reason(new ProxyConnectException(NETTY_PREFIX + garbage, garbage)));
  }

  @Test
  void anUnsupportedSocks5AuthenticationMethodIsNamed() {
    assertEquals(
        "proxy chose an unsupported authentication method (GSSAPI)",
        reason(new ProxyConnectException(NETTY_PREFIX + "unexpected authMethod: GSSAPI(1)")));
  }

  @Test
  void aSocks5ProxyPickingPasswordAuthWithoutCredentialsSaysSo() {
    assertEquals(
        "proxy requires username/password authentication",
        reason(new ProxyConnectException(NETTY_PREFIX + "unexpected authMethod: PASSWORD(2)")));
  }

  @Test
  void anUnknownSocks5ReplyCodeIsGivenByNumber() {
    assertEquals(
        "unknown SOCKS5 reply (reply 9)",
        reason(new ProxyConnectException(NETTY_PREFIX + "status: UNKNOWN(9)")));
  }

  @Test
  void aProxyExceptionIsReturnedAsItIs() {
    ProxyException original = new ProxyException(SOCKS5, null, "anything", null);
    assertSame(original, ProxyException.from(SOCKS5, original));
  }

  @Test
  void anythingElseKeepsItsTypeAndMessage() {
    assertEquals("IllegalStateException: odd", reason(new IllegalStateException("odd")));
  }

  private static String reason(Throwable failure) {
    ProxyException e = ProxyException.from(SOCKS5, failure);
    assertSame(failure, e.getCause());
    return e.reason();
  }
}
