package dev.websocket.client.testing;

import static dev.websocket.client.testing.JdkClients.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TestWebSocketServerTlsTest {

  private static final TestCertificates CERTS = TestCertificates.get();

  @Test
  void echoesOverTlsWhenTheClientTrustsTheCa() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.builder().tls().start()) {
      assertTrue(server.uri("/").startsWith("wss://127.0.0.1:"));

      assertEquals("secret", echoOnce(JdkClients.trusting(CERTS.jdkClientContext()), server));
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCaFailsTheTlsHandshake() {
    try (TestWebSocketServer server = TestWebSocketServer.builder().tls().start()) {
      Throwable failure = connectFailure(JdkClients.plain(), server);

      assertTrue(hasCause(failure, SSLHandshakeException.class), failure.toString());
    }
  }

  @Test
  void theWrongHostCertificateIsTrustedButFailsTheHostnameCheck() {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder().tls(CERTS.serverContext(CERTS.wrongHost())).start()) {
      Throwable failure = connectFailure(JdkClients.trusting(CERTS.jdkClientContext()), server);

      assertTrue(hasCause(failure, SSLHandshakeException.class), failure.toString());
    }
  }

  @Test
  void theSelfSignedCertificateWorksOnlyForAClientThatTrustsItDirectly() throws Exception {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder().tls(CERTS.serverContext(CERTS.selfSigned())).start()) {
      Throwable failure = connectFailure(JdkClients.trusting(CERTS.jdkClientContext()), server);
      assertTrue(hasCause(failure, SSLHandshakeException.class), failure.toString());

      HttpClient trustingItself =
          JdkClients.trusting(CERTS.jdkClientContext(List.of(CERTS.selfSigned()), null));
      assertEquals("secret", echoOnce(trustingItself, server));
    }
  }

  @Test
  void aRequiredClientCertificateSignedByTheCaIsAccepted() throws Exception {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder().tlsRequiringClientCertificate().start()) {
      HttpClient withCertificate =
          JdkClients.trusting(CERTS.jdkClientContext(List.of(CERTS.ca()), CERTS.client()));

      assertEquals("secret", echoOnce(withCertificate, server));
    }
  }

  @Test
  void aClientWithoutTheRequiredCertificateIsRefused() {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder().tlsRequiringClientCertificate().start()) {
      Throwable failure = connectFailure(JdkClients.trusting(CERTS.jdkClientContext()), server);

      assertTrue(hasCause(failure, IOException.class), failure.toString());
      assertTrue(
          hasCause(server.awaitErrors(1, TIMEOUT).get(0), SSLHandshakeException.class),
          server.errors().toString());
    }
  }

  private static String echoOnce(HttpClient client, TestWebSocketServer server) throws Exception {
    JdkClientListener listener = new JdkClientListener();
    WebSocket ws = JdkClients.connect(client, server.uri("/"), listener);
    ws.sendText("secret", true).get(10, TimeUnit.SECONDS);
    String echo = listener.nextMessage(TIMEOUT).asText();
    ws.abort();
    return echo;
  }

  private static Throwable connectFailure(HttpClient client, TestWebSocketServer server) {
    return assertThrows(
            ExecutionException.class,
            () ->
                JdkClients.open(client, server.uri("/"), new JdkClientListener())
                    .get(10, TimeUnit.SECONDS))
        .getCause();
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
