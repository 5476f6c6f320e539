package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.websocket.client.testing.RecordedRequest;
import dev.websocket.client.testing.TestCertificates;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.proxy.ProxyConfig;
import dev.websocket.proxy.ProxyType;
import dev.websocket.proxy.testing.HttpConnectProxyServer;
import dev.websocket.proxy.testing.HttpConnectRequest;
import dev.websocket.proxy.testing.SocksProxyServer;
import dev.websocket.proxy.testing.SocksRequest;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.socksx.v5.Socks5CommandStatus;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ws and wss through every proxy type the toolkit speaks, with and without credentials, against the
 * in-process proxies of websocket-proxy's test-jar; and a proxy that fails, named in the error.
 */
class ProxyIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  /**
   * A name only the proxies know (an alias for 127.0.0.1): reaching it proves the proxy resolved
   * it.
   */
  private static final String PROXY_ONLY_NAME = "ws-server.test";

  private TestWebSocketServer server;
  private AutoCloseable proxy;

  @AfterEach
  void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /**
   * Starts a proxy of {@code type}, requiring credentials when {@code auth}; returns its config.
   */
  private ProxyConfig startProxy(ProxyType type, boolean auth) {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    ProxyConfig config;
    if (type == ProxyType.HTTP) {
      HttpConnectProxyServer.Builder builder =
          HttpConnectProxyServer.builder().alias(PROXY_ONLY_NAME, loopback);
      HttpConnectProxyServer http = (auth ? builder.basicAuth("alice", "s3cret") : builder).start();
      proxy = http;
      config = http.proxy();
    } else {
      SocksProxyServer.Builder builder =
          SocksProxyServer.builder().alias(PROXY_ONLY_NAME, loopback);
      if (auth) {
        builder =
            type == ProxyType.SOCKS4 || type == ProxyType.SOCKS4A
                ? builder.userId("alice")
                : builder.password("alice", "s3cret");
      }
      SocksProxyServer socks = builder.start();
      proxy = socks;
      config = socks.proxy(type);
    }
    return auth ? config.withAuth("alice", "s3cret") : config;
  }

  private static ConnectOptions through(ProxyConfig proxy) {
    return ConnectOptions.builder().proxy(proxy).build();
  }

  /**
   * The host a URL should name: one only the proxy can resolve, unless the client must resolve it.
   */
  private static String destinationHost(ProxyType type) {
    return type.resolvesDestinationLocally() ? "127.0.0.1" : PROXY_ONLY_NAME;
  }

  private void echoThrough(String url, ConnectOptions options) throws Exception {
    assertTimeoutPreemptively(
        WAIT,
        () -> {
          try (WebSocket ws = WebSocket.connect(url, options)) {
            ws.send("through the proxy");
            assertEquals("through the proxy", ws.recv().text());
          }
        });
  }

  /** What the proxy was asked to connect to, and with which user, as {@code user@host:port}. */
  private String tunnelRequested() {
    if (proxy instanceof HttpConnectProxyServer http) {
      HttpConnectRequest request = http.requests().get(0);
      assertEquals("CONNECT", request.method());
      Optional<String> auth = request.header("Proxy-Authorization");
      // base64("alice:s3cret")
      return (auth.map(a -> a.equals("Basic YWxpY2U6czNjcmV0") ? "alice" : "WRONG " + a).orElse(""))
          + "@"
          + request.target();
    }
    SocksRequest request = ((SocksProxyServer) proxy).requests().get(0);
    return request.user() + "@" + request.host() + ":" + request.port();
  }

  @ParameterizedTest
  @EnumSource(ProxyType.class)
  void wsThroughTheProxy(ProxyType type) throws Exception {
    server = TestWebSocketServer.echo();
    ProxyConfig config = startProxy(type, false);
    echoThrough("ws://" + destinationHost(type) + ":" + server.port() + "/via", through(config));
    assertEquals("@" + destinationHost(type) + ":" + server.port(), tunnelRequested());
    RecordedRequest request = server.awaitRequests(1, WAIT).get(0);
    assertEquals("/via", request.uri());
    assertEquals(destinationHost(type) + ":" + server.port(), request.header("Host"));
    assertTrue(
        request.header("Proxy-Authorization") == null,
        "proxy credentials must not reach the server");
  }

  @ParameterizedTest
  @EnumSource(ProxyType.class)
  void wsThroughTheProxyWithCredentials(ProxyType type) throws Exception {
    server = TestWebSocketServer.echo();
    ProxyConfig config = startProxy(type, true);
    echoThrough("ws://" + destinationHost(type) + ":" + server.port() + "/", through(config));
    assertEquals("alice@" + destinationHost(type) + ":" + server.port(), tunnelRequested());
    assertTrue(server.awaitRequests(1, WAIT).get(0).header("Proxy-Authorization") == null);
  }

  @ParameterizedTest
  @EnumSource(ProxyType.class)
  void wssThroughTheProxyVerifiesTheServerNotTheProxy(ProxyType type) throws Exception {
    server = TestWebSocketServer.builder().tls().start();
    ProxyConfig config = startProxy(type, false);
    ConnectOptions options =
        ConnectOptions.builder()
            .proxy(config)
            .tls(
                TlsOptions.builder()
                    .trustCertificates(TestCertificates.get().ca().certificatePem())
                    .build())
            .build();
    // The certificate names localhost: TLS runs end to end through the tunnel.
    String host = type.resolvesDestinationLocally() ? "127.0.0.1" : "localhost";
    echoThrough("wss://" + host + ":" + server.port() + "/secure", options);
    assertEquals("@" + host + ":" + server.port(), tunnelRequested());
  }

  // ---------------------------------------------------------------- a proxy that fails

  @Test
  void unreachableProxyIsAProxyErrorNamingIt() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    ConnectOptions options = through(ProxyConfig.http("127.0.0.1", port));
    WebSocketProxyException e =
        assertThrows(
            WebSocketProxyException.class, () -> WebSocket.connect("ws://example.com/", options));
    assertTrue(
        e.getMessage().startsWith("HTTP proxy 127.0.0.1:" + port + ": proxy unreachable"),
        e.getMessage());
  }

  @Test
  void unreachableSocksProxyIsAProxyErrorNamingIt() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    ConnectOptions options = through(ProxyConfig.socks5h("127.0.0.1", port));
    WebSocketProxyException e =
        assertThrows(
            WebSocketProxyException.class, () -> WebSocket.connect("ws://example.com/", options));
    assertTrue(
        e.getMessage().startsWith("SOCKS5h proxy 127.0.0.1:" + port + ": proxy unreachable")
            || e.getMessage().startsWith("SOCKS5H proxy 127.0.0.1:" + port + ": proxy unreachable"),
        e.getMessage());
  }

  @Test
  void missingProxyCredentialsAreAProxyError() {
    server = TestWebSocketServer.echo();
    HttpConnectProxyServer http =
        HttpConnectProxyServer.builder().basicAuth("alice", "s3cret").start();
    proxy = http;
    WebSocketProxyException e =
        assertThrows(
            WebSocketProxyException.class,
            () -> WebSocket.connect(server.uri("/"), through(http.proxy())));
    assertTrue(
        e.getMessage()
            .startsWith(
                "HTTP proxy "
                    + http.host()
                    + ":"
                    + http.port()
                    + ": proxy authentication required"),
        e.getMessage());
    assertTrue(server.requests().isEmpty());
  }

  @Test
  void wrongProxyPasswordIsAProxyErrorThatDoesNotShowIt() {
    server = TestWebSocketServer.echo();
    SocksProxyServer socks = SocksProxyServer.builder().password("alice", "s3cret").start();
    proxy = socks;
    ConnectOptions options =
        through(socks.proxy(ProxyType.SOCKS5).withAuth("alice", "guessed-wrong"));
    WebSocketProxyException e =
        assertThrows(
            WebSocketProxyException.class, () -> WebSocket.connect(server.uri("/"), options));
    assertTrue(e.getMessage().contains("SOCKS5 authentication refused"), e.getMessage());
    assertFalse(e.getMessage().contains("guessed-wrong"), e.getMessage());
  }

  @Test
  void failedProxyHandshakeLeavesNoUnhandledErrorInThePipeline() throws Exception {
    assumeTrue(
        UnhandledPipelineErrors.observable(), "Netty does not log through java.util.logging here");
    server = TestWebSocketServer.echo();
    SocksProxyServer socks = SocksProxyServer.builder().password("alice", "s3cret").start();
    proxy = socks;
    // One event loop of our own: once a task queued behind the failure has run, the failure's
    // handling has run to its end.
    EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ConnectOptions options =
        ConnectOptions.builder()
            .proxy(socks.proxy(ProxyType.SOCKS5).withAuth("alice", "guessed-wrong"))
            .eventLoopGroup(loop)
            .build();
    try (UnhandledPipelineErrors errors = UnhandledPipelineErrors.record()) {
      assertThrows(
          WebSocketProxyException.class, () -> WebSocket.connect(server.uri("/"), options));
      loop.submit(() -> {}).get(10, TimeUnit.SECONDS);
      // The failure was reported once, to the caller; nothing was left for Netty to log.
      assertEquals(List.of(), errors.warnings());
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void proxyRefusingTheTunnelIsAProxyError() {
    server = TestWebSocketServer.echo();
    SocksProxyServer socks =
        SocksProxyServer.builder().socks5Reply(Socks5CommandStatus.FORBIDDEN).start();
    proxy = socks;
    WebSocketProxyException e =
        assertThrows(
            WebSocketProxyException.class,
            () -> WebSocket.connect(server.uri("/"), through(socks.proxy(ProxyType.SOCKS5))));
    assertTrue(e.getMessage().contains(socks.host() + ":" + socks.port()), e.getMessage());
  }

  @Test
  void unresolvableDestinationForALocallyResolvingProxyIsAnAddressError() {
    SocksProxyServer socks = SocksProxyServer.start();
    proxy = socks;
    ConnectOptions options = through(socks.proxy(ProxyType.SOCKS5));
    WebSocketAddressException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () ->
                assertThrows(
                    WebSocketAddressException.class,
                    () -> WebSocket.connect("ws://no-such-host.invalid/", options)));
    assertEquals("Cannot resolve host 'no-such-host.invalid'", e.getMessage());
  }
}
