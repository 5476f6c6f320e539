package dev.websocket.interop;

import dev.websocket.client.testing.TestCertificates;
import dev.websocket.client.testing.TestIdentity;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12 in the test's JVM, speaking WebSocket over HTTP/2 (RFC 8441) as well as HTTP/1.1: one
 * connector with TLS and ALPN ({@code h2, http/1.1}), one in clear text that takes HTTP/1.1 and h2c
 * with prior knowledge. Its endpoint speaks the command set of the other echo peers (see {@code
 * src/test/python/echo_server.py}), plus {@code cmd:disconnect}, which drops the WebSocket without
 * a close frame (on HTTP/2 a reset of its stream).
 *
 * <p>It counts the TCP connections it accepted, so a test can tell how many sockets its WebSockets
 * cost, and can send a GOAWAY on every HTTP/2 connection.
 */
final class JettyServer implements AutoCloseable {

  /** How the HTTP/2 side is set up. */
  enum Http2 {
    /** h2 by ALPN and h2c, with SETTINGS_ENABLE_CONNECT_PROTOCOL = 1. */
    WEBSOCKETS,
    /** h2 and h2c, but without the extended CONNECT: WebSockets only over HTTP/1.1. */
    NO_CONNECT_PROTOCOL,
    /** No HTTP/2 at all: ALPN offers http/1.1 only. */
    OFF
  }

  private static final String KEY_PASSWORD = "test";

  private final Server server = new Server();
  private final ServerConnector tls;
  private final ServerConnector clear;

  /** Every socket endpoint a connection was opened on: one per accepted TCP connection. */
  private final Set<EndPoint> sockets = ConcurrentHashMap.newKeySet();

  private final List<HTTP2Connection> http2Connections = new CopyOnWriteArrayList<>();
  private final Map<String, CompletableFuture<String>> closes = new ConcurrentHashMap<>();

  /** The Cookie lines of each upgrade request, joined by "|", in the order the requests came. */
  private final List<String> cookies = new CopyOnWriteArrayList<>();

  private JettyServer(Http2 http2, int maxStreams) throws Exception {
    HttpConfiguration config = new HttpConfiguration();
    HttpConnectionFactory http1 = new HttpConnectionFactory(config);
    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
    HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
    h2.setConnectProtocolEnabled(http2 == Http2.WEBSOCKETS);
    h2c.setConnectProtocolEnabled(http2 == Http2.WEBSOCKETS);
    h2.setMaxConcurrentStreams(maxStreams);
    h2c.setMaxConcurrentStreams(maxStreams);
    ALPNServerConnectionFactory alpn =
        http2 == Http2.OFF
            ? new ALPNServerConnectionFactory("http/1.1")
            : new ALPNServerConnectionFactory("h2", "http/1.1");
    alpn.setDefaultProtocol("http/1.1");
    SslConnectionFactory ssl = new SslConnectionFactory(sslContextFactory(), alpn.getProtocol());
    tls =
        http2 == Http2.OFF
            ? new ServerConnector(server, ssl, alpn, http1)
            : new ServerConnector(server, ssl, alpn, h2, http1);
    clear =
        http2 == Http2.OFF
            ? new ServerConnector(server, http1)
            : new ServerConnector(server, http1, h2c);
    for (ServerConnector connector : List.of(tls, clear)) {
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      connector.addBean(
          new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
              if (connection.getEndPoint() instanceof SocketChannelEndPoint) {
                sockets.add(connection.getEndPoint());
              }
              if (connection instanceof HTTP2Connection) {
                http2Connections.add((HTTP2Connection) connection);
              }
            }

            @Override
            public void onClosed(Connection connection) {
              if (connection instanceof HTTP2Connection) {
                http2Connections.remove(connection);
              }
            }
          });
      server.addConnector(connector);
    }
    server.setHandler(
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              container.setMaxBinaryMessageSize(64 * 1024 * 1024);
              container.setMaxTextMessageSize(64 * 1024 * 1024);
              container.addMapping(
                  "/*",
                  (request, response, callback) -> {
                    String path = request.getHttpURI().getPath();
                    cookies.add(String.join("|", request.getHeaders().getValuesList("Cookie")));
                    if (path.equals("/cookie/set")) {
                      response.getHeaders().add("Set-Cookie", "h2session=jetty1; Path=/");
                    }
                    return new JettyEchoEndpoint(
                        path.startsWith("/c/") ? path.substring(3) : null, closes);
                  });
            }));
  }

  /**
   * The Cookie lines of each upgrade request so far, each request's joined by "|". An upgrade on
   * the path {@code /cookie/set} is answered with {@code Set-Cookie: h2session=jetty1; Path=/}.
   */
  List<String> cookies() {
    return List.copyOf(cookies);
  }

  /**
   * Starts a server set up as {@code http2} says, on free loopback ports, with Jetty's stream limit
   * (128).
   */
  static JettyServer start(Http2 http2) throws Exception {
    return start(http2, 128);
  }

  /**
   * Starts a server that allows {@code maxStreams} concurrent streams on each HTTP/2 connection.
   */
  static JettyServer start(Http2 http2, int maxStreams) throws Exception {
    JettyServer jetty = new JettyServer(http2, maxStreams);
    try {
      jetty.server.start();
    } catch (Exception e) {
      jetty.close();
      throw e;
    }
    return jetty;
  }

  private static SslContextFactory.Server sslContextFactory() throws Exception {
    TestIdentity identity = TestCertificates.get().server();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "server",
        identity.privateKey(),
        KEY_PASSWORD.toCharArray(),
        new Certificate[] {identity.certificate(), TestCertificates.get().ca().certificate()});
    SslContextFactory.Server factory = new SslContextFactory.Server();
    factory.setKeyStore(store);
    factory.setKeyStorePassword(KEY_PASSWORD);
    // The HTTP/2 cipher blacklist (RFC 9113 9.2.2) is Jetty's concern; the JDK's defaults pass it.
    return factory;
  }

  /** {@code wss://127.0.0.1:PORT} followed by {@code path}, on the TLS connector. */
  String wssUrl(String path) {
    return "wss://127.0.0.1:" + tls.getLocalPort() + path;
  }

  /** {@code ws://127.0.0.1:PORT} followed by {@code path}, on the clear-text connector. */
  String wsUrl(String path) {
    return "ws://127.0.0.1:" + clear.getLocalPort() + path;
  }

  /** TCP connections accepted since the start, on both connectors. */
  int acceptedConnections() {
    return sockets.size();
  }

  /** TCP connections open now, on both connectors. */
  int openConnections() {
    return tls.getConnectedEndPoints().size() + clear.getConnectedEndPoints().size();
  }

  /** Sends GOAWAY (NO_ERROR) on every open HTTP/2 connection and closes it. */
  void goAwayEverywhere() {
    for (HTTP2Connection connection : http2Connections) {
      connection.getSession().close(0, "test goes away", org.eclipse.jetty.util.Callback.NOOP);
    }
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
