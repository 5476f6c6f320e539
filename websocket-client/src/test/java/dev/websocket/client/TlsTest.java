package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.TestCertificates;
import dev.websocket.client.testing.TestWebSocketServer;
import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * wss: certificate and host name verified by default, each check relaxed only when asked, client
 * certificates, and failures that say which host and why.
 */
class TlsTest {

  private static final TestCertificates CERTS = TestCertificates.get();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static TlsOptions.Builder trustingTheTestCa() {
    return TlsOptions.builder().trustCertificates(CERTS.ca().certificatePem());
  }

  private static ConnectOptions with(TlsOptions tls) {
    return ConnectOptions.builder().tls(tls).build();
  }

  private static void echoOnce(String url, ConnectOptions options) throws IOException {
    try (WebSocket ws = WebSocket.connect(url, options)) {
      ws.send("over TLS");
      assertEquals("over TLS", ws.recv().text());
    }
  }

  private static IOException connectFails(String url, ConnectOptions options) {
    return assertTimeoutPreemptively(
        WAIT, () -> assertThrows(IOException.class, () -> WebSocket.connect(url, options).close()));
  }

  /**
   * The exception is a WebSocketTlsException naming the host and the reason, with the SSL exception
   * as cause.
   */
  private static void assertTlsFailure(IOException e, String hostAndPort, String reason) {
    assertInstanceOf(WebSocketTlsException.class, e);
    assertTrue(
        e.getMessage().startsWith("TLS handshake with " + hostAndPort + " failed: " + reason),
        "message: " + e.getMessage());
    assertInstanceOf(SSLException.class, e.getCause(), "cause");
  }

  // ---------------------------------------------------------------- trusted

  @Test
  void certificateSignedByATrustedPemIsAccepted() throws Exception {
    server = TestWebSocketServer.builder().tls().start();
    echoOnce(server.uri("localhost", "/"), with(trustingTheTestCa().build()));
  }

  @Test
  void ipAddressInTheCertificateMatchesAnIpUrl() throws Exception {
    server = TestWebSocketServer.builder().tls().start();
    echoOnce(server.uri("/"), with(trustingTheTestCa().build()));
  }

  // ---------------------------------------------------------------- refused by default

  @Test
  void unknownCaIsRefusedByDefault() {
    server = TestWebSocketServer.builder().tls().start();
    IOException e = connectFails(server.uri("localhost", "/"), ConnectOptions.DEFAULT);
    assertTlsFailure(e, "localhost:" + server.port(), "untrusted certificate");
  }

  @Test
  void selfSignedCertificateIsRefusedWhenOnlyTheCaIsTrusted() {
    server = TestWebSocketServer.builder().tls(CERTS.serverContext(CERTS.selfSigned())).start();
    IOException e = connectFails(server.uri("localhost", "/"), with(trustingTheTestCa().build()));
    assertTlsFailure(e, "localhost:" + server.port(), "untrusted certificate");
  }

  @Test
  void certificateForAnotherHostIsRefused() {
    server = TestWebSocketServer.builder().tls(CERTS.serverContext(CERTS.wrongHost())).start();
    IOException e = connectFails(server.uri("localhost", "/"), with(trustingTheTestCa().build()));
    assertTlsFailure(e, "localhost:" + server.port(), "hostname mismatch");
  }

  @Test
  void certificateForAnotherHostIsRefusedForAnIpUrl() {
    server = TestWebSocketServer.builder().tls(CERTS.serverContext(CERTS.wrongHost())).start();
    IOException e = connectFails(server.uri("/"), with(trustingTheTestCa().build()));
    assertTlsFailure(e, "127.0.0.1:" + server.port(), "hostname mismatch");
  }

  // ---------------------------------------------------------------- relaxed on request

  @Test
  void verificationOffAcceptsAnUntrustedCertificate() throws Exception {
    server = TestWebSocketServer.builder().tls(CERTS.serverContext(CERTS.selfSigned())).start();
    echoOnce(
        server.uri("localhost", "/"), with(TlsOptions.builder().verifyCertificates(false).build()));
  }

  @Test
  void verificationOffAcceptsACertificateForAnotherHost() throws Exception {
    server = TestWebSocketServer.builder().tls(CERTS.serverContext(CERTS.wrongHost())).start();
    echoOnce(server.uri("localhost", "/"), with(TlsOptions.insecure()));
  }

  @Test
  void hostnameCheckOffAloneAcceptsATrustedCertificateForAnotherHost() throws Exception {
    server = TestWebSocketServer.builder().tls(CERTS.serverContext(CERTS.wrongHost())).start();
    echoOnce(server.uri("localhost", "/"), with(trustingTheTestCa().verifyHostname(false).build()));
  }

  @Test
  void hostnameCheckOffStillRefusesAnUntrustedCertificate() {
    server = TestWebSocketServer.builder().tls(CERTS.serverContext(CERTS.selfSigned())).start();
    IOException e =
        connectFails(
            server.uri("localhost", "/"), with(TlsOptions.builder().verifyHostname(false).build()));
    assertTlsFailure(e, "localhost:" + server.port(), "untrusted certificate");
  }

  @Test
  void serverNameIsTheNameVerified() throws Exception {
    server = TestWebSocketServer.builder().tls(CERTS.serverContext(CERTS.wrongHost())).start();
    // Connect to 127.0.0.1, but speak to (and check the certificate of) wrong.example.
    echoOnce(
        server.uri("/"), with(trustingTheTestCa().serverName(TestCertificates.WRONG_HOST).build()));
  }

  // ---------------------------------------------------------------- client certificates

  @Test
  void clientCertificateIsPresentedWhenTheServerRequiresOne() throws Exception {
    server = TestWebSocketServer.builder().tlsRequiringClientCertificate().start();
    TlsOptions tls =
        trustingTheTestCa()
            .keyManager(CERTS.client().certificatePem(), CERTS.client().privateKeyPem())
            .build();
    echoOnce(server.uri("localhost", "/"), with(tls));
  }

  @Test
  void missingClientCertificateFailsNamingTheHost() {
    server = TestWebSocketServer.builder().tlsRequiringClientCertificate().start();
    IOException e = connectFails(server.uri("localhost", "/"), with(trustingTheTestCa().build()));
    assertTlsFailure(e, "localhost:" + server.port(), "the server requires a client certificate");
  }
}
