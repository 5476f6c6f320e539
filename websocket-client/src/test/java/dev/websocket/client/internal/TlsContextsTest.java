package dev.websocket.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.TlsOptions;
import dev.websocket.client.WebSocket;
import dev.websocket.client.testing.TestCertificates;
import dev.websocket.client.testing.TestWebSocketServer;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PEM bundle named by {@value TlsOptions#CA_BUNDLE_ENV} is trusted as Python's library trusts
 * it. The variable is read by {@link TlsContexts#forOptions}; the tests pass its value directly.
 */
class TlsContextsTest {

  @Test
  void caBundleFromTheEnvironmentIsTrusted() throws Exception {
    String bundle = TestCertificates.get().ca().certificatePem().toString();
    SslContext context = TlsContexts.build(TlsOptions.DEFAULT, bundle);
    ConnectOptions options =
        ConnectOptions.builder().tls(TlsOptions.builder().sslContext(context).build()).build();
    try (TestWebSocketServer server = TestWebSocketServer.builder().tls().start();
        WebSocket ws = WebSocket.connect(server.uri("localhost", "/"), options)) {
      ws.send("bundle");
      assertEquals("bundle", ws.recv().text());
    }
  }

  @Test
  void caBundleFromTheEnvironmentMayNameAFolder(@TempDir Path folder) throws Exception {
    Files.copy(TestCertificates.get().ca().certificatePem(), folder.resolve("test-ca.pem"));
    SslContext context = TlsContexts.build(TlsOptions.DEFAULT, folder.toString());
    ConnectOptions options =
        ConnectOptions.builder().tls(TlsOptions.builder().sslContext(context).build()).build();
    try (TestWebSocketServer server = TestWebSocketServer.builder().tls().start();
        WebSocket ws = WebSocket.connect(server.uri("localhost", "/"), options)) {
      ws.send("bundle folder");
      assertEquals("bundle folder", ws.recv().text());
    }
  }

  @Test
  void contextIsBuiltOncePerOptions() throws Exception {
    TlsOptions options =
        TlsOptions.builder()
            .trustCertificates(TestCertificates.get().ca().certificatePem())
            .build();
    assertSame(TlsContexts.forOptions(options), TlsContexts.forOptions(options));
  }
}
