package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.proxy.ProxyEnvironment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The environment's {@code no_proxy} holds whenever {@link ConnectOptions} are used, and the
 * options' own list is added to it: with {@code http_proxy} naming a dead port, a destination the
 * lists cover is reached directly, and one they do not fails at the proxy.
 */
class ProxyEnvironmentTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private TestWebSocketServer server;
  private String deadProxy;

  @BeforeEach
  void start() throws IOException {
    server = TestWebSocketServer.echo();
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadProxy = "http://127.0.0.1:" + closed.getLocalPort();
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ConnectOptions.Builder withEnvironment(String noProxy) {
    return ConnectOptions.builder()
        .timeout(WAIT)
        .proxyEnvironment(
            ProxyEnvironment.of(Map.of("http_proxy", deadProxy, "no_proxy", noProxy)));
  }

  private void echoes(ConnectOptions options) throws IOException {
    try (WebSocket ws =
        assertTimeoutPreemptively(
            WAIT.plusSeconds(5), () -> WebSocket.connect(server.uri("/"), options))) {
      ws.send("direct");
      assertEquals("direct", ws.recv().text());
    }
  }

  @Test
  void theEnvironmentsNoProxyIsHonouredWithOptions() throws IOException {
    echoes(withEnvironment("127.0.0.1").build());
  }

  @Test
  void theOptionsNoProxyIsAddedToTheEnvironments() throws IOException {
    echoes(withEnvironment("127.0.0.1").noProxy("example.com").build());
  }

  @Test
  void theOptionsNoProxyAloneCoversTheDestinationToo() throws IOException {
    echoes(withEnvironment("example.com").noProxy("127.0.0.0/8").build());
  }

  @Test
  void aDestinationNoListCoversGoesToTheEnvironmentsProxy() {
    ConnectOptions options = withEnvironment("example.com").noProxy("other.example").build();

    WebSocketProxyException e =
        assertTimeoutPreemptively(
            WAIT.plusSeconds(5),
            () ->
                assertThrows(
                    WebSocketProxyException.class,
                    () -> WebSocket.connect(server.uri("/"), options).close()));

    assertTrue(e.getMessage().contains(deadProxy.substring("http://".length())), e.getMessage());
  }

  @Test
  void withoutTheEnvironmentOnlyTheOptionsCount() throws IOException {
    echoes(withEnvironment("example.com").proxyFromEnvironment(false).build());
  }
}
