package dev.websocket.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.TlsOptions;
import dev.websocket.client.WebSocket;
import dev.websocket.client.WebSocketConnectionClosedException;
import dev.websocket.client.WebSocketProxyException;
import dev.websocket.client.testing.TestCertificates;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.proxy.ProxyConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Client bugs once found against real peers, each kept as the test that showed it: a server's close
 * status reaching {@code recv()} before TCP is gone, and a refused proxy tunnel for wss being
 * reported as the proxy's failure rather than as the TLS failure it causes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientRegressionTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private static ConnectOptions.Builder options() {
    return ConnectOptions.builder()
        .timeout(WAIT)
        .proxyFromEnvironment(false)
        .tls(
            TlsOptions.builder()
                .trustCertificates(TestCertificates.get().ca().certificatePem())
                .build());
  }

  /**
   * {@code WebSocket.recv()} documents that a server's close surfaces as a {@code
   * WebSocketConnectionClosedException} with the server's status and reason. When the CLOSE frame
   * is the next item in the receive queue, {@code recv()} builds the exception from {@code
   * InboundQueue.closed()}, which is only set once TCP has closed, a moment after the close frame:
   * so it throws "Connection is closing" with status 1006 and no reason, although the frame it just
   * dequeued carried 4001 "server says bye". Seen against Node's ws, Python's websockets and nginx
   * alike. (Reading the CLOSE with {@code recvData(true)} first, then calling {@code recv()}, gives
   * 4001: that path waits for the end of the stream.)
   */
  @Test
  void recvReportsTheServersCloseCodeAndReasonWhenTheCloseFrameIsNext() throws Exception {
    try (EchoServer server = EchoServer.node();
        WebSocket ws = WebSocket.connect(server.url("/"), options().build())) {
      ws.send("cmd:close 4001 server says bye");
      WebSocketConnectionClosedException e =
          assertThrows(WebSocketConnectionClosedException.class, ws::recv);
      assertEquals(4001, e.status(), e::toString);
      assertEquals("server says bye", e.reason());
    }
  }

  /**
   * For wss through an HTTP proxy that refuses the CONNECT (squid's 407 here), the client throws
   * {@code SSLHandshakeException: TLS handshake with 127.0.0.1:PORT failed: handshake failure
   * (failure when writing TLS control frames)} instead of a {@code WebSocketProxyException}; the
   * 407 is only in its cause chain. Netty's {@code ProxyHandler.setConnectFailure} fails its
   * pending writes (the {@code SslHandler}'s ClientHello) before its connect future; the {@code
   * SslHandler} then fails the queued upgrade request with an {@code SSLException}, the client's
   * {@code HandshakeHandler} fails the attempt with it, and {@code ConnectFailures.translate}
   * classifies it as a TLS failure. Plain ws through the same proxy gets the right exception. A
   * fix: with a proxy, look for a {@code ProxyConnectException} in the cause chain (or wait for the
   * proxy handler's connect future) before classifying a failure as TLS.
   */
  @Test
  void wssThroughSquidWithoutCredentialsFailsWithAProxyException() throws Exception {
    try (Squid squid = Squid.start("alice", "s3cret");
        TestWebSocketServer wss = TestWebSocketServer.builder().tls().start()) {
      ProxyConfig proxy = ProxyConfig.http("127.0.0.1", squid.authPort());
      WebSocketProxyException e =
          assertThrows(
              WebSocketProxyException.class,
              () -> WebSocket.connect(wss.uri("/"), options().proxy(proxy).build()).close());
      assertTrue(e.getMessage().contains("407"), e::toString);
    }
  }

  /**
   * The same as {@link #wssThroughSquidWithoutCredentialsFailsWithAProxyException} through SOCKS5.
   */
  @Test
  void wssThroughSocks5WithAWrongPasswordFailsWithAProxyException() throws Exception {
    try (Microsocks socks = Microsocks.start("bob", "s0cks");
        TestWebSocketServer wss = TestWebSocketServer.builder().tls().start()) {
      ProxyConfig proxy = ProxyConfig.socks5("127.0.0.1", socks.port()).withAuth("bob", "wrong");
      WebSocketProxyException e =
          assertThrows(
              WebSocketProxyException.class,
              () -> WebSocket.connect(wss.uri("/"), options().proxy(proxy).build()).close());
      assertTrue(e.getMessage().contains("SOCKS5 authentication refused"), e::toString);
    }
  }
}
