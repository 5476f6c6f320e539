package dev.websocket.client.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/** The JDK's own WebSocket client, set up for the fixture's tests (no proxy, short timeouts). */
final class JdkClients {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final HttpClient PLAIN = builder().build();

  private JdkClients() {}

  static HttpClient plain() {
    return PLAIN;
  }

  static HttpClient trusting(SSLContext context) {
    return builder().sslContext(context).build();
  }

  static CompletableFuture<WebSocket> open(
      HttpClient client, String uri, WebSocket.Listener listener, String... subprotocols) {
    WebSocket.Builder b = client.newWebSocketBuilder().connectTimeout(TIMEOUT);
    if (subprotocols.length > 0) {
      b.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
    }
    return b.buildAsync(URI.create(uri), listener);
  }

  static WebSocket connect(
      HttpClient client, String uri, WebSocket.Listener listener, String... subprotocols)
      throws Exception {
    return open(client, uri, listener, subprotocols).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static HttpClient.Builder builder() {
    return HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).connectTimeout(TIMEOUT);
  }
}
