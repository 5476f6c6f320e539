package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.websocket.client.testing.BlackHole;
import dev.websocket.client.testing.Http2TestServer;
import dev.websocket.client.testing.NameResolver;
import dev.websocket.client.testing.TestCertificates;
import dev.websocket.client.testing.TestIdentity;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.codec.CloseStatus;
import dev.websocket.proxy.ProxyType;
import dev.websocket.proxy.testing.HttpConnectProxyServer;
import dev.websocket.proxy.testing.SocksProxyServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * WebSockets over HTTP/2 (RFC 8441) against an in-process server on Netty's own HTTP/2 and
 * WebSocket codecs: the extended CONNECT, one connection for many WebSockets, how a stream ends in
 * each direction, and what a user sees when the server resets a stream or goes away.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Http2WebSocketTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private Http2TestServer server;
  private final List<WebSocket> open = new ArrayList<>();

  @AfterEach
  void stop() {
    WebSocket.enableTrace(false);
    for (WebSocket ws : open) {
      ws.abort();
    }
    if (server != null) {
      server.close();
    }
  }

  private static ConnectOptions.Builder options() {
    return ConnectOptions.builder()
        .timeout(WAIT)
        .proxyFromEnvironment(false)
        .http2(Http2Mode.REQUIRE)
        .tls(
            TlsOptions.builder()
                .trustCertificates(TestCertificates.get().ca().certificatePem())
                .build());
  }

  private WebSocket connect(String path) throws IOException {
    return connect(path, options().build());
  }

  private WebSocket connect(String path, ConnectOptions options) throws IOException {
    WebSocket ws = WebSocket.connect(server.url(path), options);
    open.add(ws);
    return ws;
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  // ---------------------------------------------------------------- the handshake

  @Test
  void theWebSocketIsAStreamOpenedByAnExtendedConnect() throws Exception {
    server = Http2TestServer.tls();
    WebSocket ws = connect("/chat?room=1");
    assertEquals("HTTP/2", ws.httpVersion());
    assertEquals(200, ws.status());
    ws.send("hello over h2");
    assertEquals("hello over h2", ws.recv().text());

    Http2Headers request = server.streams().get(0).request;
    assertEquals("CONNECT", request.method().toString());
    assertEquals("websocket", request.get(":protocol").toString());
    assertEquals("https", request.scheme().toString());
    assertEquals("/chat?room=1", request.path().toString());
    assertEquals(server.url("").substring("wss://".length()), request.authority().toString());
    assertEquals("13", request.get("sec-websocket-version").toString());
    assertNull(request.get("sec-websocket-key"), "RFC 8441 has no key");
    assertNull(request.get("upgrade"));
    assertNull(request.get("connection"));
  }

  @Test
  void theHandshakeOptionsGoIntoTheConnect() throws Exception {
    server = Http2TestServer.tls();
    connect(
        "/",
        options()
            .header("X-Token", "abc")
            .origin("https://app.example")
            .subprotocols("chat", "v2")
            .cookie("session=1")
            .compression(false)
            .build());
    Http2Headers request = server.streams().get(0).request;
    assertEquals("abc", request.get("x-token").toString());
    assertEquals("https://app.example", request.get("origin").toString());
    assertEquals("chat, v2", request.get("sec-websocket-protocol").toString());
    assertEquals("session=1", request.get("cookie").toString());
    assertNull(request.get("sec-websocket-extensions"), "compression is off");
  }

  @Test
  void requireOnWsIsH2cWithPriorKnowledge() throws Exception {
    server = Http2TestServer.clearText();
    WebSocket ws = connect("/", options().build());
    assertEquals("HTTP/2", ws.httpVersion());
    ws.send("over h2c");
    assertEquals("over h2c", ws.recv().text());
    assertEquals("http", server.streams().get(0).request.scheme().toString());
  }

  @Test
  void aStatusOtherThan2xxFailsWithTheStatusAndTheConnectionStaysForTheNext() throws Exception {
    server = Http2TestServer.tlsAnswering(403);
    for (int i = 0; i < 2; i++) {
      WebSocketBadStatusException e =
          assertThrows(WebSocketBadStatusException.class, () -> connect("/"));
      assertEquals(403, e.statusCode());
    }
    assertEquals(1, server.acceptedConnections());
  }

  @Test
  void theAsyncWebSocketTellsItsHttpVersionToo() throws Exception {
    server = Http2TestServer.tls();
    AsyncWebSocket ws =
        WebSocket.connectAsync(server.url("/"), options().build(), new WebSocketListener() {})
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    try {
      assertEquals("HTTP/2", ws.httpVersion());
    } finally {
      ws.abort();
    }
  }

  @Test
  void theTraceShowsTheConnectAndItsAnswerWithCredentialsMasked() throws Exception {
    server = Http2TestServer.tls();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    WebSocket.enableTrace(true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    connect("/", options().cookie("secret=1").build());
    String trace = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(trace.contains("--- request header ---\n:method: CONNECT\n"), trace);
    assertTrue(trace.contains(":protocol: websocket\n"), trace);
    assertTrue(trace.contains("cookie: ***\n"), trace);
    assertTrue(trace.contains("--- response header ---\n:status: 200\n"), trace);
  }

  @Test
  void throughAnHttpConnectProxyTheConnectionIsTunnelledThenTls() throws Exception {
    server = Http2TestServer.tls();
    try (HttpConnectProxyServer proxy = HttpConnectProxyServer.builder().start()) {
      WebSocket ws = connect("/", options().proxy(proxy.proxy()).build());
      assertEquals("HTTP/2", ws.httpVersion());
      ws.send("through the proxy");
      assertEquals("through the proxy", ws.recv().text());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ProxyType.class,
      names = {"SOCKS4A", "SOCKS5", "SOCKS5H"})
  void throughASocksProxyTheConnectionIsTunnelledThenTls(ProxyType type) throws Exception {
    server = Http2TestServer.tls();
    try (SocksProxyServer proxy = SocksProxyServer.builder().start()) {
      WebSocket ws = connect("/", options().proxy(proxy.proxy(type)).build());
      assertEquals("HTTP/2", ws.httpVersion());
      ws.send("through " + type);
      assertEquals("through " + type, ws.recv().text());
      assertEquals(server.port(), proxy.requests().get(0).port());
      assertEquals(1, server.acceptedConnections());
    }
  }

  @Test
  void requireOverAUnixSocketFailsSayingWhy() {
    WebSocketException e =
        assertThrows(
            WebSocketException.class,
            () -> WebSocket.connect("ws+unix:///tmp/no-such.sock", options().build()));
    assertEquals(
        "HTTP/2 is required but this client speaks it only over a TCP connection it opens itself,"
            + " not over a Unix socket or a given socket",
        e.getMessage());
  }

  @Test
  void theConnectionsTcpConnectIsRacedOverTheNamesAddresses() throws Exception {
    assumeIpv6Loopback();
    server = Http2TestServer.tls();
    int port = server.port();
    // The name resolves IPv6 first, to an address where connects get no answer: a connect that
    // did not race would wait its whole timeout there.
    String name = "dual-stack.test";
    Duration timeout = Duration.ofSeconds(30);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (BlackHole hole = BlackHole.at(InetAddress.getByName("::1"), port)) {
      ConnectOptions dualStack =
          options()
              .timeout(timeout)
              .bootstrap(
                  new Bootstrap()
                      .resolver(
                          NameResolver.of(
                              name,
                              InetAddress.getByName("::1"),
                              InetAddress.getByName("127.0.0.1"))))
              .tls(
                  TlsOptions.builder()
                      .trustCertificates(TestCertificates.get().ca().certificatePem())
                      .serverName("localhost")
                      .build())
              .build();
      WebSocket.enableTrace(true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
      WebSocket ws =
          assertTimeoutPreemptively(
              timeout.dividedBy(3),
              () -> WebSocket.connect("wss://" + name + ":" + port + "/", dualStack),
              "the connect waited for the black hole");
      open.add(ws);
      assertEquals("HTTP/2", ws.httpVersion());
      ws.send("over IPv4");
      assertEquals("over IPv4", ws.recv().text());
    }
    String trace = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(
        trace.startsWith("--- connecting to [0:0:0:0:0:0:0:1]:" + port + " (address 1 of 2) ---\n"),
        trace);
    assertTrue(trace.contains("--- connected to 127.0.0.1:" + port + " ---\n"), trace);
    assertEquals(1, server.acceptedConnections());
  }

  private static void assumeIpv6Loopback() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      assumeTrue(probe.isBound());
    } catch (IOException e) {
      assumeTrue(false, "no IPv6 loopback here (" + e + ")");
    }
  }

  // ---------------------------------------------------------------- redirects on a stream

  @Test
  void aRedirectOnAStreamIsFollowedOnTheSameConnection() throws Exception {
    server = Http2TestServer.tlsRedirecting(path -> path.equals("/old") ? "/new?x=1" : null);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    WebSocket.enableTrace(true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    WebSocket ws = connect("/old");
    assertEquals("HTTP/2", ws.httpVersion());
    ws.send("redirected");
    assertEquals("redirected", ws.recv().text());
    assertEquals(
        List.of("/old", "/new?x=1"),
        server.streams().stream().map(stream -> stream.request.path().toString()).toList());
    assertEquals(1, server.acceptedConnections());
    assertTrue(
        bytes
            .toString(StandardCharsets.UTF_8)
            .contains("--- redirect 307 to " + server.url("/new?x=1") + " ---\n"),
        bytes::toString);
  }

  @Test
  void aRedirectToAnotherOriginOverHttp2SendsNoCredentialsThere() throws Exception {
    try (Http2TestServer target = Http2TestServer.tls()) {
      server = Http2TestServer.tlsRedirecting(path -> target.url("/landing"));
      WebSocket ws =
          connect(
              "/",
              options()
                  .header("Authorization", "Bearer secret")
                  .header("X-Trace", "t1")
                  .cookie("session=1")
                  .build());
      assertEquals("HTTP/2", ws.httpVersion());
      ws.send("at the target");
      assertEquals("at the target", ws.recv().text());

      Http2Headers first = server.streams().get(0).request;
      assertEquals("Bearer secret", first.get("authorization").toString());
      assertEquals("session=1", first.get("cookie").toString());
      Http2Headers redirected = target.streams().get(0).request;
      assertEquals("/landing", redirected.path().toString());
      assertEquals("t1", redirected.get("x-trace").toString(), "other headers go everywhere");
      assertNull(redirected.get("authorization"), "credentials stay with their origin");
      assertNull(redirected.get("cookie"), "credentials stay with their origin");
    }
  }

  @Test
  void redirectsOnStreamsCountAgainstTheRedirectLimit() {
    // Each path redirects to the next one: /0, /1, /2...
    server =
        Http2TestServer.tlsRedirecting(path -> "/" + (Integer.parseInt(path.substring(1)) + 1));
    WebSocketException e =
        assertThrows(
            WebSocketException.class, () -> connect("/0", options().redirectLimit(3).build()));
    assertEquals(
        "Too many redirects: more than 3 (last 307 to \"/4\")", e.getMessage(), e::getMessage);
    assertEquals(4, server.streams().size(), "the first CONNECT and three redirected ones");
    assertEquals(1, server.acceptedConnections());
  }

  @Test
  void aRedirectToAServerWithoutHttp2IsFollowedOverHttp11UnderPrefer() throws Exception {
    try (TestWebSocketServer http11 = TestWebSocketServer.builder().tls().start()) {
      server = Http2TestServer.tlsRedirecting(path -> http11.uri("/plain"));
      WebSocket ws = connect("/", options().http2(Http2Mode.PREFER).build());
      assertEquals("HTTP/1.1", ws.httpVersion());
      ws.send("over HTTP/1.1 after the redirect");
      assertEquals("over HTTP/1.1 after the redirect", ws.recv().text());
      assertEquals("/plain", http11.requests().get(0).path());
    }
  }

  // ---------------------------------------------------------------- PREFER's fallback

  @Test
  void preferWhereAlpnChoosesHttp11UpgradesOnTheProbesConnection() throws Exception {
    SslContext http11Only =
        serverContext(
            new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                ApplicationProtocolNames.HTTP_1_1));
    try (TestWebSocketServer http11 = TestWebSocketServer.builder().tls(http11Only).start()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      WebSocket.enableTrace(true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
      try (WebSocket ws =
          WebSocket.connect(http11.uri("/"), options().http2(Http2Mode.PREFER).build())) {
        assertEquals("HTTP/1.1", ws.httpVersion());
        assertEquals(101, ws.status());
        ws.send("over HTTP/1.1");
        assertEquals("over HTTP/1.1", ws.recv().text());
      }
      assertEquals(1, http11.connections().size(), "TCP connections the server accepted");
      assertTrue(
          bytes
              .toString(StandardCharsets.UTF_8)
              .contains(
                  "--- HTTP/2 unavailable (The server did not choose h2 by ALPN (it chose"
                      + " http/1.1)): continuing over HTTP/1.1 on the same connection ---\n"),
          bytes::toString);
    }
  }

  @Test
  void preferAgainstAServerWithoutAlpnUpgradesOnTheProbesConnection() throws Exception {
    try (TestWebSocketServer noAlpn = TestWebSocketServer.builder().tls().start()) {
      try (WebSocket ws =
          WebSocket.connect(noAlpn.uri("/"), options().http2(Http2Mode.PREFER).build())) {
        assertEquals("HTTP/1.1", ws.httpVersion());
        ws.send("no ALPN");
        assertEquals("no ALPN", ws.recv().text());
      }
      assertEquals(1, noAlpn.connections().size(), "TCP connections the server accepted");
    }
  }

  @Test
  void concurrentPreferConnectsAllGetThereWhileOnlyOneTakesTheProbesConnection() throws Exception {
    try (TestWebSocketServer noAlpn = TestWebSocketServer.builder().tls().start()) {
      ConnectOptions prefer = options().http2(Http2Mode.PREFER).build();
      List<CompletableFuture<AsyncWebSocket>> connects = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        connects.add(WebSocket.connectAsync(noAlpn.uri("/"), prefer, new WebSocketListener() {}));
      }
      for (CompletableFuture<AsyncWebSocket> connect : connects) {
        AsyncWebSocket ws = await(connect);
        assertEquals("HTTP/1.1", ws.httpVersion());
        ws.abort();
      }
      // One probe (kept by one WebSocket), a new connection for each of the others.
      assertEquals(4, noAlpn.connections().size());
    }
  }

  @Test
  void requireWhereAlpnChoosesHttp11ClosesTheProbesConnection() throws Exception {
    try (TestWebSocketServer noAlpn = TestWebSocketServer.builder().tls().start()) {
      WebSocketException e =
          assertThrows(
              WebSocketException.class,
              () -> WebSocket.connect(noAlpn.uri("/"), options().build()));
      assertEquals(
          "HTTP/2 is required but unavailable: The server did not choose h2 by ALPN (it chose"
              + " http/1.1)",
          e.getMessage());
      // Waits for the probe's connection to close; it times out if it was left open.
      await(noAlpn.awaitConnections(1, WAIT).get(0).closed());
      assertEquals(1, noAlpn.connections().size());
    }
  }

  private static SslContext serverContext(ApplicationProtocolConfig alpn) throws IOException {
    TestIdentity identity = TestCertificates.get().server();
    return SslContextBuilder.forServer(
            identity.certificatePem().toFile(), identity.privateKeyPem().toFile())
        .applicationProtocolConfig(alpn)
        .build();
  }

  // ---------------------------------------------------------------- one connection, many
  // WebSockets

  @Test
  void webSocketsToOneOriginShareOneConnection() throws Exception {
    server = Http2TestServer.tls();
    for (int i = 0; i < 5; i++) {
      WebSocket ws = connect("/" + i);
      ws.send("socket " + i);
      assertEquals("socket " + i, ws.recv().text());
    }
    assertEquals(1, server.acceptedConnections());
    assertEquals(5, server.streams().size());
  }

  @Test
  void atTheServersStreamLimitANewConnectionOpens() throws Exception {
    server = Http2TestServer.tlsWithStreamLimit(2);
    for (int i = 0; i < 5; i++) {
      connect("/");
    }
    assertEquals(3, server.acceptedConnections(), "5 WebSockets at 2 streams a connection");
  }

  @Test
  void theSharedConnectionClosesAfterItsLastWebSocketHasClosed() throws Exception {
    server = Http2TestServer.tls();
    WebSocket first = connect("/");
    WebSocket second = connect("/");
    first.close();
    assertEquals(1, server.openConnections(), "one WebSocket is still open");
    second.close();
    assertTrue(server.awaitConnectionsClosed(WAIT), "the connection outlived its last WebSocket");
  }

  @Test
  void aReaderThatPausesAfterEveryMessageGetsAFloodWholeAndInOrderUnderStreamFlowControl()
      throws Exception {
    server = Http2TestServer.tls();
    // Each 16 KiB message is past the 4 KiB receive buffer: reading from the stream stops after
    // every one, so the server's 3 MiB (far past the stream's 64 KiB window) only comes as the
    // application reads and the window is given back.
    WebSocket ws = connect("/", options().receiveBufferBytes(4 * 1024).build());
    ws.send("flood 200 16384");
    for (int i = 0; i < 200; i++) {
      byte[] message = ws.recv().bytes();
      assertEquals(16384, message.length, "message " + i);
      assertEquals((byte) i, message[0], "message " + i);
      assertEquals((byte) i, message[16383], "message " + i);
    }
    ws.send("after the flood");
    assertEquals("after the flood", ws.recv().text());
  }

  // ---------------------------------------------------------------- how a stream ends

  @Test
  void aNormalCloseRunsTheCloseHandshakeThenEndsTheStreamWithoutAReset() throws Exception {
    server = Http2TestServer.tls();
    WebSocket ws = connect("/");
    ws.close();
    Http2TestServer.Stream stream = server.streams().get(0);
    assertEquals(CloseStatus.NORMAL, await(stream.closeFrame));
    await(stream.endStream);
    await(stream.closed);
    assertFalse(stream.reset.isDone(), "a closed WebSocket's stream is ended, not reset");
  }

  @Test
  void aCloseFromTheServerIsAnsweredAndTheStreamEnds() throws Exception {
    server = Http2TestServer.tls();
    WebSocket ws = connect("/");
    ws.send("close");
    WebSocketConnectionClosedException e =
        assertThrows(WebSocketConnectionClosedException.class, ws::recv);
    assertEquals(CloseStatus.NORMAL, e.status());
    assertEquals("server closes", e.reason());
    Http2TestServer.Stream stream = server.streams().get(0);
    await(stream.endStream);
    await(stream.closed);
    assertFalse(stream.reset.isDone());
  }

  @Test
  void abortResetsTheStreamWithCancel() throws Exception {
    server = Http2TestServer.tls();
    WebSocket ws = connect("/");
    ws.abort();
    assertEquals(Http2Error.CANCEL.code(), await(server.streams().get(0).reset));
  }

  @Test
  void aStreamResetByTheServerEndsTheWebSocketWith1006NamingTheError() throws Exception {
    server = Http2TestServer.tls();
    WebSocket reset = connect("/");
    WebSocket other = connect("/");
    reset.send("reset");
    WebSocketConnectionClosedException e =
        assertThrows(WebSocketConnectionClosedException.class, reset::recv);
    assertEquals(CloseStatus.ABNORMAL_CLOSED, e.status());
    assertTrue(
        e.getMessage().contains("The server reset the HTTP/2 stream (RST_STREAM INTERNAL_ERROR)"),
        e::getMessage);
    other.send("unharmed");
    assertEquals("unharmed", other.recv().text());
  }

  @Test
  void aGoAwayEndsEveryWebSocketOfTheConnectionAndTheNextGetsANewOne() throws Exception {
    server = Http2TestServer.tls();
    WebSocket first = connect("/");
    WebSocket second = connect("/");
    first.send("goaway");
    for (WebSocket ws : List.of(first, second)) {
      WebSocketConnectionClosedException e =
          assertThrows(WebSocketConnectionClosedException.class, ws::recv);
      assertEquals(CloseStatus.ABNORMAL_CLOSED, e.status());
      assertTrue(e.getMessage().contains("GOAWAY NO_ERROR"), e::getMessage);
    }
    WebSocket next = connect("/");
    next.send("after");
    assertEquals("after", next.recv().text());
    assertEquals(2, server.acceptedConnections());
  }
}
