package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.websocket.client.testing.RecordedRequest;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.client.testing.UpgradeResponse;
import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Handshake cookies in a {@link CookieHandler}: Set-Cookie of every handshake response (a
 * redirect's included) stored, matching cookies sent on later requests after the options' Cookie.
 */
class CookieTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static void connectAndClose(String url, ConnectOptions options) throws IOException {
    try (WebSocket ws = WebSocket.connect(url, options)) {
      ws.send("in");
      assertEquals("in", ws.recv().text());
    }
  }

  private RecordedRequest request(int index) {
    return server.awaitRequests(index + 1, WAIT).get(index);
  }

  @Test
  void cookiesSetByA302AreSentToTheFinalHost() throws IOException {
    server =
        TestWebSocketServer.builder()
            .respond(
                "/login",
                UpgradeResponse.redirect(302, "/feed")
                    .withHeader("Set-Cookie", "session=abc123; Path=/"))
            .start();

    connectAndClose(
        server.uri("/login"), ConnectOptions.builder().cookieHandler(new CookieManager()).build());

    assertEquals("/feed", request(1).uri());
    assertEquals(List.of("session=abc123"), request(1).headerValues("Cookie"));
  }

  @Test
  void cookiesOfA101AreSentOnTheNextConnect() throws IOException {
    server =
        TestWebSocketServer.builder()
            .respond(
                "/first", UpgradeResponse.accept().withHeader("Set-Cookie", "visitor=42; Path=/"))
            .start();
    ConnectOptions options = ConnectOptions.builder().cookieHandler(new CookieManager()).build();

    connectAndClose(server.uri("/first"), options);
    connectAndClose(server.uri("/second"), options);

    assertEquals(List.of(), request(0).headerValues("Cookie"));
    assertEquals(List.of("visitor=42"), request(1).headerValues("Cookie"));
  }

  @Test
  void theOptionsCookieComesFirstThenTheStoredOnes() throws IOException {
    server =
        TestWebSocketServer.builder()
            .respond(
                "/login",
                UpgradeResponse.redirect(302, "/feed")
                    .withHeader("Set-Cookie", "session=abc123; Path=/"))
            .start();

    connectAndClose(
        server.uri("/login"),
        ConnectOptions.builder().cookie("theme=dark").cookieHandler(new CookieManager()).build());

    assertEquals(List.of("theme=dark"), request(0).headerValues("Cookie"));
    assertEquals(List.of("theme=dark; session=abc123"), request(1).headerValues("Cookie"));
  }

  @Test
  void aCookieForAnotherPathIsNotSent() throws IOException {
    server =
        TestWebSocketServer.builder()
            .respond(
                "/login",
                UpgradeResponse.redirect(302, "/feed")
                    .withHeader("Set-Cookie", "admin=1; Path=/admin"))
            .start();

    connectAndClose(
        server.uri("/login"), ConnectOptions.builder().cookieHandler(new CookieManager()).build());

    assertEquals(List.of(), request(1).headerValues("Cookie"));
  }

  @Test
  void withoutAHandlerNothingIsKept() throws IOException {
    server =
        TestWebSocketServer.builder()
            .respond(
                "/login",
                UpgradeResponse.redirect(302, "/feed")
                    .withHeader("Set-Cookie", "session=abc123; Path=/"))
            .start();

    connectAndClose(server.uri("/login"), ConnectOptions.builder().build());

    assertEquals(List.of(), request(1).headerValues("Cookie"));
  }

  @Test
  void theInstalledDefaultHandlerIsUsedWhenNoneIsGiven() throws IOException {
    server =
        TestWebSocketServer.builder()
            .respond(
                "/login",
                UpgradeResponse.redirect(302, "/feed")
                    .withHeader("Set-Cookie", "session=abc123; Path=/"))
            .start();
    CookieHandler previous = CookieHandler.getDefault();
    CookieManager jar = new CookieManager();
    CookieHandler.setDefault(jar);
    try {
      connectAndClose(server.uri("/login"), ConnectOptions.builder().build());
    } finally {
      CookieHandler.setDefault(previous);
    }

    assertEquals(List.of("session=abc123"), request(1).headerValues("Cookie"));
    assertEquals("session=abc123", jar.getCookieStore().getCookies().get(0).toString());
  }

  @Test
  void aFailingHandlerFailsTheConnectNamingIt() {
    server = TestWebSocketServer.echo();
    CookieHandler broken =
        new CookieHandler() {
          @Override
          public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders)
              throws IOException {
            throw new IOException("jar locked");
          }

          @Override
          public void put(URI uri, Map<String, List<String>> responseHeaders) {}
        };

    WebSocketException e =
        assertThrows(
            WebSocketException.class,
            () ->
                WebSocket.connect(
                    server.uri("/"), ConnectOptions.builder().cookieHandler(broken).build()));

    assertEquals(
        "The cookie handler failed to give the cookies for http://127.0.0.1:"
            + server.port()
            + "/: java.io.IOException: jar locked",
        e.getMessage());
  }
}
