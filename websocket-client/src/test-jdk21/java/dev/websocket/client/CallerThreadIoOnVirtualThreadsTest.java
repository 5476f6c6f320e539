package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.internal.CallerDrivenLoop;
import dev.websocket.client.testing.TestWebSocketServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ioOnCallerThread on a virtual thread: the connection keeps the shared loop. */
class CallerThreadIoOnVirtualThreadsTest {

  private static final ConnectOptions CALLER_IO =
      ConnectOptions.builder().ioOnCallerThread(true).build();

  @Test
  void aConnectOnAVirtualThreadKeepsTheSharedLoop() throws Exception {
    TestWebSocketServer server = TestWebSocketServer.echo();
    try (ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletableFuture<Boolean> ownLoop = new CompletableFuture<>();
      virtualThreads.submit(
          () -> {
            try (WebSocket ws = WebSocket.connect(server.uri("/"), CALLER_IO)) {
              ws.send("virtual");
              assertEquals("virtual", ws.recv().text());
              ownLoop.complete(ws.connection().channel().eventLoop() instanceof CallerDrivenLoop);
            } catch (Throwable e) {
              ownLoop.completeExceptionally(e);
            }
          });
      assertFalse(ownLoop.get(10, TimeUnit.SECONDS));
      try (WebSocket ws = WebSocket.connect(server.uri("/"), CALLER_IO)) {
        assertTrue(ws.connection().channel().eventLoop() instanceof CallerDrivenLoop);
      }
    } finally {
      server.close();
    }
  }
}
