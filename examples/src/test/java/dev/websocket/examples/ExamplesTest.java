package dev.websocket.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.websocket.proxy.testing.SocksProxyServer;
import dev.websocket.proxy.testing.SocksRequest;
import dev.websocket.wsdump.EchoServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs each example's {@code main} against an echo server started here, and reads what it printed.
 */
class ExamplesTest {

  private static final Duration LIMIT = Duration.ofSeconds(30);

  @Test
  void echoWithTheBlockingFacade() throws Exception {
    try (EchoServer server = EchoServer.start()) {
      String out = run(() -> EchoExample.main(new String[] {server.url()}));

      assertEquals(
          "connected to "
              + server.url()
              + " (status 101)\n"
              + "received text: Hello, world\n"
              + "received binary: 4 bytes\n"
              + "closed\n",
          out);
    }
  }

  @Test
  void echoWithTheEmbeddedServerWhenGivenNoUrl() throws Exception {
    String out = run(() -> EchoExample.main(new String[0]));

    assertTrue(
        out.matches(
            "(?s)connected to ws://127\\.0\\.0\\.1:\\d+/ \\(status 101\\)\n.*received text: Hello, world\n.*closed\n"),
        out);
  }

  @Test
  void tickerPingsAndReconnectsWhenTheServerRestarts() throws Exception {
    EchoServer[] server = {EchoServer.start()};
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", server[0].port());
    String url = server[0].url();
    try (CapturedOutput output = CapturedOutput.start()) {
      CompletableFuture<Void> ticker =
          CompletableFuture.runAsync(
              () -> {
                try {
                  TickerExample.main(new String[] {url, "8"});
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      if (!output.await("echo: tick 3", LIMIT, ticker::isDone)) {
        ticker.get(); // an exception from main, if that is what ended it
        fail("no third tick:\n" + output.text());
      }
      EchoServer first = server[0];
      server[0] = null;
      first.close(); // the server goes away without a close frame...
      server[0] = EchoServer.start(address); // ...and comes back on the same port
      ticker.get(LIMIT.toSeconds(), TimeUnit.SECONDS);

      String out = output.text();
      assertTrue(out.startsWith("open\n"), out);
      assertTrue(out.contains("echo: tick 1\n"), out);
      assertTrue(out.contains("closed: no close frame\n"), out);
      assertTrue(out.contains("reconnected\n"), out);
      assertTrue(out.contains("pong\n"), out);
      assertTrue(out.contains("closed: 1000\n"), out);
      assertTrue(out.endsWith("done: 8 ticks echoed\n"), out);
    } finally {
      if (server[0] != null) {
        server[0].close();
      }
    }
  }

  @Test
  void nettyUsersOwnBootstrap() throws Exception {
    try (EchoServer server = EchoServer.start()) {
      String out = run(() -> NettyPipelineExample.main(new String[] {server.url()}));

      assertEquals("upgraded\nreceived: hello from my own pipeline\nclosed\n", out);
    }
  }

  @Test
  void throughASocks5Proxy() throws Exception {
    try (EchoServer server = EchoServer.start();
        SocksProxyServer proxy = SocksProxyServer.start()) {
      String proxyUrl = "socks5h://" + proxy.host() + ":" + proxy.port();

      String out = run(() -> SocksProxyExample.main(new String[] {proxyUrl, server.url()}));

      assertTrue(out.startsWith("connected to " + server.url() + " through "), out);
      assertTrue(out.endsWith("received: Hello through the proxy\nclosed\n"), out);
      List<SocksRequest> requests = proxy.requests();
      assertEquals(1, requests.size(), requests::toString);
      assertEquals(5, requests.get(0).version());
      assertEquals("127.0.0.1", requests.get(0).host());
      assertEquals(server.port(), requests.get(0).port());
    }
  }

  @Test
  void asyncHandleWithBackpressure() throws Exception {
    try (EchoServer server = EchoServer.start()) {
      String out = run(() -> AsyncBackpressureExample.main(new String[] {server.url(), "5"}));

      assertTrue(out.startsWith("open\n"), out);
      assertTrue(out.contains("all 5 messages written\n"), out);
      for (int i = 1; i <= 5; i++) {
        assertTrue(out.contains("received message " + i + " (handled one at a time)\n"), out);
      }
      assertTrue(out.indexOf("received message 1 ") < out.indexOf("received message 5 "), out);
      assertTrue(out.endsWith("closed: 1000\n"), out);
    }
  }

  /** An example's main. */
  @FunctionalInterface
  interface Main {
    void run() throws Exception;
  }

  /** Runs {@code main} under a time limit and returns what it printed. */
  private static String run(Main main) {
    try (CapturedOutput output = CapturedOutput.start()) {
      assertTimeoutPreemptively(LIMIT, () -> main.run(), output::text);
      return output.text();
    }
  }
}
