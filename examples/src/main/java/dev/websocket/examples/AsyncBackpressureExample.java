package dev.websocket.examples;

import dev.websocket.client.AsyncWebSocket;
import dev.websocket.client.ConnectOptions;
import dev.websocket.client.WebSocket;
import dev.websocket.client.WebSocketListener;
import dev.websocket.wsdump.EchoServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The asynchronous handle: every send returns a future completed once the bytes are written, and
 * the listener asks for messages one at a time with {@link AsyncWebSocket#request(long)}. While it
 * has asked for none, the client stops reading from the socket, so TCP slows the server down
 * instead of messages piling up in memory.
 *
 * <p>Arguments: {@code [url [messages]]}, 5 messages by default. Without a URL it starts the
 * embedded echo server and talks to it.
 */
public final class AsyncBackpressureExample {

  private AsyncBackpressureExample() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    try (EchoServer local = args.length > 0 ? null : EchoServer.start()) {
      String url = args.length > 0 ? args[0] : local.url();
      CompletableFuture<Void> allReceived = new CompletableFuture<>();
      CompletableFuture<Integer> closed = new CompletableFuture<>();

      WebSocketListener listener =
          new WebSocketListener() {
            private int received;

            @Override
            public void onOpen(AsyncWebSocket ws) {
              ws.request(1); // demand: one message, no more, until asked again
            }

            @Override
            public void onText(AsyncWebSocket ws, String text) {
              received++;
              System.out.println("received " + text + " (handled one at a time)");
              if (received == count) {
                allReceived.complete(null);
              } else {
                ws.request(1); // ready for the next one
              }
            }

            @Override
            public void onClose(AsyncWebSocket ws, int status, String reason) {
              allReceived.completeExceptionally(
                  new IllegalStateException("closed early: " + status));
              closed.complete(status);
            }

            @Override
            public void onError(AsyncWebSocket ws, Throwable error) {
              allReceived.completeExceptionally(error);
            }
          };

      AsyncWebSocket ws =
          WebSocket.connectAsync(url, ConnectOptions.DEFAULT, listener).get(10, TimeUnit.SECONDS);
      System.out.println("open");

      CompletableFuture<?>[] writes = new CompletableFuture<?>[count];
      for (int i = 0; i < count; i++) {
        writes[i] = ws.sendText("message " + (i + 1)); // queued at once; completes when written
      }
      CompletableFuture.allOf(writes).get(10, TimeUnit.SECONDS);
      System.out.println("all " + count + " messages written");

      allReceived.get(10, TimeUnit.SECONDS);
      ws.close().get(10, TimeUnit.SECONDS); // the close frame is written...
      System.out.println(
          "closed: " + closed.get(10, TimeUnit.SECONDS)); // ...and the server answered
    }
  }
}
