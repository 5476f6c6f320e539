package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.TestCertificates;
import dev.websocket.client.testing.TestWebSocketServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure of connect is a {@link WebSocketException} with the original as its cause, and TLS
 * failures say why: the TLS settings are checked before the channel opens, the handshake's failure
 * is named in words.
 */
class ConnectFailureTest {

  private static final TestCertificates CERTS = TestCertificates.get();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static <T extends Throwable> T connectFails(
      Class<T> type, String url, ConnectOptions options) {
    return assertTimeoutPreemptively(
        WAIT, () -> assertThrows(type, () -> WebSocket.connect(url, options).close()));
  }

  private static ConnectOptions tls(TlsOptions.Builder tls) {
    return ConnectOptions.builder().tls(tls.build()).build();
  }

  private static TlsOptions.Builder trustingTheTestCa() {
    return TlsOptions.builder().trustCertificates(CERTS.ca().certificatePem());
  }

  // ---------------------------------------------------------------- TCP

  @Test
  void aConnectionResetBeforeTheUpgradeIsAConnectException() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> resetter =
          CompletableFuture.runAsync(
              () -> {
                try (Socket socket = listener.accept()) {
                  InputStream in = socket.getInputStream();
                  in.read(new byte[1]); // the request has started: now reset instead of answering
                  socket.setSoLinger(true, 0);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      String where = "127.0.0.1:" + listener.getLocalPort();

      WebSocketConnectException e =
          connectFails(
              WebSocketConnectException.class, "ws://" + where + "/", ConnectOptions.DEFAULT);

      resetter.join();
      assertTrue(
          e.getMessage().startsWith("Connection to " + where + " lost before the upgrade: "),
          e.getMessage());
      assertInstanceOf(IOException.class, e.getCause());
    }
  }

  // ---------------------------------------------------------------- TLS settings, named before
  // connecting

  @Test
  void aMissingTrustFileIsNamed() {
    server = TestWebSocketServer.builder().tls().start();
    Path missing = Path.of("/no/such/folder/ca.pem");

    WebSocketTlsException e =
        connectFails(
            WebSocketTlsException.class,
            server.uri("localhost", "/"),
            tls(TlsOptions.builder().trustCertificates(missing)));

    assertEquals("Trusted certificate file not found: " + missing, e.getMessage());
  }

  @Test
  void aTrustFileWithoutCertificatesIsNamed(@TempDir Path temp) throws IOException {
    server = TestWebSocketServer.builder().tls().start();
    Path empty = Files.writeString(temp.resolve("empty.pem"), "not a certificate\n");

    WebSocketTlsException e =
        connectFails(
            WebSocketTlsException.class,
            server.uri("localhost", "/"),
            tls(TlsOptions.builder().trustCertificates(empty)));

    assertEquals("No PEM certificate in " + empty, e.getMessage());
  }

  @Test
  void aFolderWithoutPemFilesIsNamed(@TempDir Path temp) throws IOException {
    server = TestWebSocketServer.builder().tls().start();
    Files.writeString(temp.resolve("README"), "certificates go here\n");

    WebSocketTlsException e =
        connectFails(
            WebSocketTlsException.class,
            server.uri("localhost", "/"),
            tls(TlsOptions.builder().trustCertificates(temp)));

    assertEquals("No PEM certificate in the folder " + temp, e.getMessage());
  }

  @Test
  void anUnknownCipherSuiteIsNamed() {
    server = TestWebSocketServer.builder().tls().start();

    WebSocketTlsException e =
        connectFails(
            WebSocketTlsException.class,
            server.uri("localhost", "/"),
            tls(trustingTheTestCa().ciphers("TLS_NO_SUCH_CIPHER")));

    assertTrue(
        e.getMessage()
            .startsWith("Unknown TLS cipher suite 'TLS_NO_SUCH_CIPHER': this JDK supports "),
        e.getMessage());
  }

  @Test
  void anUnknownProtocolIsNamed() {
    server = TestWebSocketServer.builder().tls().start();

    WebSocketTlsException e =
        connectFails(
            WebSocketTlsException.class,
            server.uri("localhost", "/"),
            tls(trustingTheTestCa().protocols("TLSv9")));

    assertTrue(
        e.getMessage().startsWith("Unknown TLS protocol 'TLSv9': this JDK supports "),
        e.getMessage());
    assertTrue(e.getMessage().contains("TLSv1.3"), e.getMessage());
  }

  @Test
  void aMissingClientKeyFileIsNamed() {
    server = TestWebSocketServer.builder().tlsRequiringClientCertificate().start();
    Path missing = Path.of("/no/such/folder/client.key");

    WebSocketTlsException e =
        connectFails(
            WebSocketTlsException.class,
            server.uri("localhost", "/"),
            tls(trustingTheTestCa().keyManager(CERTS.client().certificatePem(), missing)));

    assertEquals("The client private key file " + missing + " does not exist", e.getMessage());
  }

  // ---------------------------------------------------------------- TLS handshake, the reason in
  // words

  @Test
  void aRejectedCertificateSaysSoWithTheTlsLayersExceptionAsCause() {
    server = TestWebSocketServer.builder().tls().start();

    WebSocketTlsException e =
        connectFails(
            WebSocketTlsException.class, server.uri("localhost", "/"), ConnectOptions.DEFAULT);

    assertTrue(
        e.getMessage()
            .startsWith(
                "TLS handshake with localhost:"
                    + server.port()
                    + " failed: untrusted certificate ("),
        e.getMessage());
    assertInstanceOf(SSLException.class, e.getCause());
  }

  @Test
  void aClientCertificateTheServerRequiredSaysSo() {
    server = TestWebSocketServer.builder().tlsRequiringClientCertificate().start();

    WebSocketTlsException e =
        connectFails(
            WebSocketTlsException.class, server.uri("localhost", "/"), tls(trustingTheTestCa()));

    assertTrue(
        e.getMessage()
            .startsWith(
                "TLS handshake with localhost:"
                    + server.port()
                    + " failed: the server requires a client certificate ("),
        e.getMessage());
    assertNotNull(e.getCause());
  }

  // ---------------------------------------------------------------- trusted certificates from a
  // folder

  @Test
  void aFolderOfPemFilesIsTrusted(@TempDir Path temp) throws IOException {
    server = TestWebSocketServer.builder().tls().start();
    // As OpenSSL's c_rehash names them, beside a file that is not a certificate.
    Files.copy(CERTS.ca().certificatePem(), temp.resolve("5ed36f99.0"));
    Files.writeString(temp.resolve("README"), "trusted CAs\n");

    try (WebSocket ws =
        WebSocket.connect(
            server.uri("localhost", "/"), tls(TlsOptions.builder().trustCertificates(temp)))) {
      ws.send("trusted by folder");
      assertEquals("trusted by folder", ws.recv().text());
    }
  }

  @Test
  void aFolderWithoutTheServersCaIsNotTrusted(@TempDir Path temp) throws IOException {
    server = TestWebSocketServer.builder().tls().start();
    Files.copy(CERTS.selfSigned().certificatePem(), temp.resolve("other.pem"));

    WebSocketTlsException e =
        connectFails(
            WebSocketTlsException.class,
            server.uri("localhost", "/"),
            tls(TlsOptions.builder().trustCertificates(temp)));

    assertTrue(e.getMessage().contains("failed: untrusted certificate"), e.getMessage());
  }
}
