package dev.websocket.wsdump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.client.testing.UpgradeResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * Errors a user hits: each prints one line, {@code wsdump: error: <message>}, on standard error and
 * exits with status 1 (2 for a command line that does not parse); a stack trace only with {@code -v
 * 2}.
 */
class ErrorExitTest {

  @Test
  void badUrl() {
    Cli.Result result = Cli.run("", "echo.example.com");

    assertOneErrorLine(
        result,
        "wsdump: error: WebSocket URL echo.example.com has no scheme: expected ws://, wss:// or ws+unix://");
  }

  @Test
  void unsupportedScheme() {
    Cli.Result result = Cli.run("", "http://127.0.0.1/");

    assertEquals(1, result.status(), result::toString);
    assertTrue(result.err().startsWith("wsdump: error: "), result::toString);
  }

  @Test
  void refusedPort() throws IOException {
    int port = closedPort();
    Cli.Result result = Cli.run("", "ws://127.0.0.1:" + port + "/");

    assertOneErrorLine(result, "wsdump: error: Connection refused: 127.0.0.1:" + port);
  }

  @Test
  void unresolvableHost() {
    Cli.Result result = Cli.run("", "ws://no-such-host.invalid/");

    assertOneErrorLine(result, "wsdump: error: Cannot resolve host 'no-such-host.invalid'");
  }

  @Test
  void notFound() {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder()
            .respond(
                UpgradeResponse.status(404, "Not Found")
                    .withBody("<html>\n<h1>no such page</h1>\n</html>"))
            .start()) {
      Cli.Result result = Cli.run("", server.uri("/missing"));

      assertOneErrorLine(result, "wsdump: error: Handshake status 404 \"Not Found\"");
    }
  }

  @Test
  void untrustedCertificate() {
    try (TestWebSocketServer server = TestWebSocketServer.builder().tls().start()) {
      Cli.Result result = Cli.run("", server.uri("/"));

      assertEquals(1, result.status(), result::toString);
      assertEquals(1, result.err().lines().count(), result::toString);
      assertTrue(
          result
              .err()
              .startsWith(
                  "wsdump: error: TLS handshake with 127.0.0.1:" + server.port() + " failed"),
          result::toString);
      assertTrue(result.err().contains("-n"), result::toString);
    }
  }

  @Test
  void unreachableProxy() throws IOException {
    int port = closedPort();
    Cli.Result result =
        Cli.run("", "ws://example.com/", "-p", "socks5h://user:secret@127.0.0.1:" + port);

    assertEquals(1, result.status(), result::toString);
    assertEquals(1, result.err().lines().count(), result::toString);
    assertTrue(result.err().startsWith("wsdump: error: "), result::toString);
    assertTrue(result.err().contains("127.0.0.1:" + port), result::toString);
    assertTrue(!result.err().contains("secret"), "the password must not be shown: " + result);
  }

  @Test
  void malformedProxyUrl() {
    Cli.Result result = Cli.run("", "ws://example.com/", "-p", "ftp://proxy:21");

    assertEquals(1, result.status(), result::toString);
    assertEquals(1, result.err().lines().count(), result::toString);
    assertTrue(result.err().startsWith("wsdump: error: "), result::toString);
  }

  @Test
  void stackTraceOnlyWithVerboseTwo() throws IOException {
    int port = closedPort();
    Cli.Result result = Cli.run("", "ws://127.0.0.1:" + port + "/", "-v", "2");

    assertEquals(1, result.status(), result::toString);
    assertTrue(
        result.err().contains("wsdump: error: Connection refused: 127.0.0.1:" + port + "\n"),
        result::toString);
    assertTrue(result.err().contains("\tat "), result::toString);
  }

  @Test
  void missingUrlIsAUsageError() {
    Cli.Result result = Cli.run("");

    assertEquals(2, result.status(), result::toString);
    assertEquals(
        "wsdump: error: Missing required parameter: 'ws_url' (or --local-echo) (see wsdump --help)\n",
        result.err());
  }

  @Test
  void urlAndLocalEchoTogetherIsAUsageError() {
    Cli.Result result = Cli.run("", "ws://127.0.0.1:9/", "--local-echo");

    assertEquals(2, result.status(), result::toString);
    assertEquals(1, result.err().lines().count(), result::toString);
  }

  @Test
  void unknownOptionIsAUsageError() {
    Cli.Result result = Cli.run("", "--frobnicate", "ws://127.0.0.1:9/");

    assertEquals(2, result.status(), result::toString);
    assertEquals(
        "wsdump: error: Unknown option: '--frobnicate' (see wsdump --help)\n", result.err());
  }

  @Test
  void helpListsEveryPythonOption() {
    Cli.Result result = Cli.run("", "--help");

    assertEquals(0, result.status(), result::toString);
    for (String option :
        new String[] {
          "--proxy",
          "--verbose",
          "--nocert",
          "--raw",
          "--subprotocols",
          "--origin",
          "--eof-wait",
          "--text",
          "--timings",
          "--headers",
          "--local-echo",
          "--json"
        }) {
      assertTrue(result.out().contains(option), option + " missing from\n" + result.out());
    }
  }

  private static void assertOneErrorLine(Cli.Result result, String expected) {
    assertEquals(1, result.status(), result::toString);
    assertEquals("", result.out(), result::toString);
    assertEquals(expected + "\n", result.err(), result::toString);
  }

  /** A port nothing listens on: bound, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
