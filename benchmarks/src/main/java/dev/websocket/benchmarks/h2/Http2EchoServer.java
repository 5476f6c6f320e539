package dev.websocket.benchmarks.h2;

import dev.websocket.client.testing.TestCertificates;
import dev.websocket.client.testing.TestIdentity;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.cert.Certificate;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The server of {@link Http2Benchmark}, in a JVM of its own: Jetty 12 with TLS, ALPN {@code h2,
 * http/1.1} and WebSocket over both (RFC 8441 on h2), echoing every message. One server for every
 * client, so HTTP/2 and HTTP/1.1 meet the same code. Prints {@code LISTENING <port>}.
 */
public final class Http2EchoServer {

  /** Streams per HTTP/2 connection: every benchmark WebSocket fits on one connection. */
  static final int MAX_STREAMS = 4096;

  private Http2EchoServer() {}

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    HttpConfiguration config = new HttpConfiguration();
    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
    h2.setMaxConcurrentStreams(MAX_STREAMS);
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
    alpn.setDefaultProtocol("http/1.1");
    ServerConnector connector =
        new ServerConnector(
            server,
            1,
            1,
            new SslConnectionFactory(sslContextFactory(), alpn.getProtocol()),
            alpn,
            h2,
            new HttpConnectionFactory(config));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setAcceptQueueSize(4096);
    server.addConnector(connector);
    server.setHandler(
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              container.setIdleTimeout(java.time.Duration.ofMinutes(10));
              container.addMapping("/*", (request, response, callback) -> new Echo());
            }));
    server.start();
    System.out.println("LISTENING " + connector.getLocalPort());
    server.join();
  }

  private static SslContextFactory.Server sslContextFactory() throws Exception {
    TestIdentity identity = TestCertificates.get().server();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "server",
        identity.privateKey(),
        "bench".toCharArray(),
        new Certificate[] {identity.certificate()});
    SslContextFactory.Server factory = new SslContextFactory.Server();
    factory.setKeyStore(store);
    factory.setKeyStorePassword("bench");
    return factory;
  }

  /** Echoes each binary message; public, as Jetty binds listeners through public lookups. */
  public static final class Echo implements Session.Listener.AutoDemanding {
    private Session session;

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
      callback.succeed();
      session.sendBinary(copy, Callback.NOOP);
    }

    @Override
    public void onWebSocketText(String text) {
      session.sendText(text, Callback.NOOP);
    }
  }
}
