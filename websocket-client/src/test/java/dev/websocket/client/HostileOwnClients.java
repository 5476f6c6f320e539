package dev.websocket.client;

import dev.websocket.testing.hostile.HostileClient;
import dev.websocket.testing.hostile.HostileProbe;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * This client's three front doors as {@link HostileClient}s, with the default options (and the
 * blocking one again with its I/O on the caller's thread), and the child-JVM main that runs one of
 * them in a {@link HostileProbe}. Not reading means: no {@code recv} (blocking), no demand (async),
 * a callback that does not return (WebSocketApp).
 */
public final class HostileOwnClients {

  /** The keys of the front doors, in table order. */
  public static final List<String> KEYS =
      List.of("this-blocking", "this-blocking-caller", "this-async", "this-app");

  private HostileOwnClients() {}

  /** The child-JVM main: {@code case url holdMillis client}. */
  public static void main(String[] args) {
    HostileProbe.main(args, HostileOwnClients::client);
  }

  /** The front door named {@code key}. */
  public static HostileClient client(String key) {
    switch (key) {
      case "this-blocking":
        return (url, read) -> blocking(url, read, ConnectOptions.DEFAULT);
      case "this-blocking-caller":
        return (url, read) ->
            blocking(url, read, ConnectOptions.builder().ioOnCallerThread(true).build());
      case "this-async":
        return HostileOwnClients::async;
      case "this-app":
        return HostileOwnClients::app;
      default:
        throw new IllegalArgumentException("unknown client " + key + "; one of " + KEYS);
    }
  }

  private static CompletableFuture<String> blocking(
      String url, boolean read, ConnectOptions options) throws IOException {
    WebSocket ws = WebSocket.connect(url, options);
    CompletableFuture<String> end = new CompletableFuture<>();
    if (read) {
      Thread reader =
          new Thread(
              () -> {
                try {
                  while (true) {
                    ws.recv();
                  }
                } catch (WebSocketConnectionClosedException e) {
                  end.complete("closed " + e.status() + ": " + e.getMessage());
                } catch (IOException | RuntimeException e) {
                  end.complete(describe(e));
                }
              },
              "hostile-reader");
      reader.setDaemon(true);
      reader.start();
    } else {
      ws.connection().closeFuture().addListener(f -> end.complete("connection closed"));
    }
    return end;
  }

  private static CompletableFuture<String> async(String url, boolean read) throws Exception {
    CompletableFuture<String> end = new CompletableFuture<>();
    WebSocket.connectAsync(
            url,
            ConnectOptions.DEFAULT,
            new WebSocketListener() {
              @Override
              public void onOpen(AsyncWebSocket ws) {
                if (read) {
                  ws.request(Long.MAX_VALUE);
                }
              }

              @Override
              public void onClose(AsyncWebSocket ws, int status, String reason) {
                end.complete("closed " + status + (reason.isEmpty() ? "" : ": " + reason));
              }

              @Override
              public void onError(AsyncWebSocket ws, Throwable error) {
                end.complete(describe(error));
              }
            })
        .get(30, TimeUnit.SECONDS);
    return end;
  }

  private static CompletableFuture<String> app(String url, boolean read) {
    CompletableFuture<String> end = new CompletableFuture<>();
    CountDownLatch never = new CountDownLatch(1);
    WebSocketApp app =
        WebSocketApp.builder(url)
            .onOpen(
                a -> {
                  if (!read) {
                    // The application is busy: it never returns to the loop that reads.
                    try {
                      never.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                })
            .onClose(
                (a, status, reason) ->
                    end.complete(
                        "closed "
                            + status
                            + (reason == null || reason.isEmpty() ? "" : ": " + reason)))
            .onError((a, error) -> end.complete(describe(error)))
            .build();
    app.start();
    return end;
  }

  /** "failed 1009: ..." for a violation the client failed the connection for, else "error: ...". */
  private static String describe(Throwable error) {
    if (error instanceof WebSocketProtocolException violation) {
      return "failed " + violation.closeStatus() + ": " + error.getMessage();
    }
    return "error: " + error.getClass().getSimpleName() + ": " + error.getMessage();
  }
}
