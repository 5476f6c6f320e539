package dev.websocket.examples;

import dev.websocket.client.RunOptions;
import dev.websocket.client.WebSocketApp;
import dev.websocket.wsdump.EchoServer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A long-lived connection with callbacks, as Python's {@code WebSocketApp.run_forever}: a tick is
 * sent every 200 ms and its echo printed; keepalive pings go out every 600 ms, and a link that
 * drops (the server restarts, a pong is late) is re-established after a jittered delay. After the
 * wanted number of echoed ticks the app closes and {@code runForever} returns.
 *
 * <p>Arguments: {@code [url [ticks]]}, 8 ticks by default. Without a URL it starts the embedded
 * echo server and talks to it.
 */
public final class TickerExample {

  private TickerExample() {}

  public static void main(String[] args) throws Exception {
    int wanted = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    try (EchoServer local = args.length > 0 ? null : EchoServer.start()) {
      String url = args.length > 0 ? args[0] : local.url();
      AtomicInteger sent = new AtomicInteger();
      AtomicInteger echoed = new AtomicInteger();
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

      WebSocketApp app =
          WebSocketApp.builder(url)
              .onOpen(a -> System.out.println("open"))
              .onReconnect(a -> System.out.println("reconnected"))
              .onMessage(
                  (a, message) -> {
                    int n = echoed.incrementAndGet();
                    if (n <= wanted) {
                      System.out.println("echo: " + message.text());
                    }
                    if (n == wanted) {
                      timer.shutdown();
                      a.close(); // ends runForever: no reconnect after the app's own close
                    }
                  })
              .onPong((a, payload) -> System.out.println("pong"))
              .onError((a, error) -> System.out.println("error: " + error.getMessage()))
              .onClose(
                  (a, status, reason) ->
                      System.out.println("closed: " + (status == null ? "no close frame" : status)))
              .build();

      // Ticks come from a timer thread: WebSocketApp.send is safe from any thread.
      timer.scheduleAtFixedRate(
          () -> {
            // False when the link dropped meanwhile (the reason goes to onError): the next one goes
            // on the new link.
            if (app.isConnected() && !app.send("tick " + sent.incrementAndGet())) {
              System.out.println("tick not sent");
            }
          },
          200,
          200,
          TimeUnit.MILLISECONDS);

      try {
        boolean failed =
            app.runForever(
                RunOptions.builder()
                    .pingInterval(Duration.ofMillis(600)) // a ping every 600 ms...
                    .pingTimeout(Duration.ofMillis(500)) // ...whose pong must come within 500 ms
                    .reconnect(Duration.ofMillis(200)) // after a drop: 200 ms, doubling, jittered
                    .maxReconnectDelay(Duration.ofSeconds(5))
                    .build());
        timer.shutdown();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        System.out.println(
            "done: "
                + Math.min(echoed.get(), wanted)
                + " ticks echoed"
                + (failed ? ", ended by an error" : ""));
      } finally {
        timer.shutdownNow();
      }
    }
  }
}
