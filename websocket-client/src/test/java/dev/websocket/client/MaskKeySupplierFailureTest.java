package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.websocket.client.testing.RawFrames;
import dev.websocket.client.testing.RecordedFrame;
import dev.websocket.client.testing.ServerConnection;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.codec.CloseStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A user's mask-key supplier that breaks (returns null, other than 4 bytes, or throws) fails the
 * send that called it: the send throws, nothing of that frame is written, and the connection is
 * failed with 1011.
 */
class MaskKeySupplierFailureTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final byte[] GOOD_KEY = {1, 2, 3, 4};
  private TestWebSocketServer server;
  private final AtomicReference<Supplier<byte[]>> keys =
      new AtomicReference<>(() -> GOOD_KEY.clone());

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private ConnectOptions options() {
    return ConnectOptions.builder()
        .compression(false)
        .maskKeySupplier(() -> keys.get().get())
        .build();
  }

  /**
   * Sends "before" with a good key, then breaks the supplier and sends "after", which must fail.
   */
  private WebSocketException breakThenSend(Supplier<byte[]> broken) throws Exception {
    server = TestWebSocketServer.builder().echo(false).start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options())) {
      ws.send("before");
      keys.set(broken);
      WebSocketException e = assertThrows(WebSocketException.class, () -> ws.send("after"));
      assertOnlyBeforeThen1011(server.awaitUpgradedConnection(WAIT));
      assertThrows(WebSocketConnectionClosedException.class, () -> ws.send("later"));
      return e;
    }
  }

  private static void assertOnlyBeforeThen1011(ServerConnection connection) {
    List<RecordedFrame> frames = connection.awaitFrames(2, WAIT);
    assertEquals("before", frames.get(0).text());
    assertEquals(RawFrames.CLOSE, frames.get(1).opcode());
    assertEquals(CloseStatus.UNEXPECTED_CONDITION, frames.get(1).closeCode());
    assertEquals(2, connection.frames().size(), connection.frames().toString());
  }

  @Test
  void aSupplierReturningNullFailsTheSend() throws Exception {
    WebSocketException e = breakThenSend(() -> null);
    assertEquals(
        "Mask key supplier failed: Mask key supplier must return 4 bytes, returned null",
        e.getMessage());
  }

  @Test
  void aSupplierReturningThreeBytesFailsTheSend() throws Exception {
    WebSocketException e = breakThenSend(() -> new byte[3]);
    assertEquals(
        "Mask key supplier failed: Mask key supplier must return 4 bytes, returned 3 bytes",
        e.getMessage());
  }

  @Test
  void aSupplierThatThrowsFailsTheSendWithItsExceptionAsTheCause() throws Exception {
    IllegalStateException broken = new IllegalStateException("entropy pool empty");
    WebSocketException e =
        breakThenSend(
            () -> {
              throw broken;
            });
    assertEquals("Mask key supplier failed: entropy pool empty", e.getMessage());
    assertEquals(broken, e.getCause());
  }

  @Test
  void anAsyncSendFailsItsFuture() throws Exception {
    server = TestWebSocketServer.builder().echo(false).start();
    AsyncWebSocket ws =
        WebSocket.connectAsync(server.uri("/"), options(), new WebSocketListener() {})
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    try {
      ws.sendText("before").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      keys.set(() -> new byte[5]);
      CompletionException e =
          assertThrows(CompletionException.class, () -> ws.sendText("after").join());
      assertInstanceOf(WebSocketException.class, e.getCause());
      assertEquals(
          "Mask key supplier failed: Mask key supplier must return 4 bytes, returned 5 bytes",
          e.getCause().getMessage());
      assertOnlyBeforeThen1011(server.awaitUpgradedConnection(WAIT));
    } finally {
      ws.abort();
    }
  }

  @Test
  void anAppSendFailsAndReportsTheError() throws Exception {
    server = TestWebSocketServer.builder().echo(false).start();
    AtomicReference<Throwable> error = new AtomicReference<>();
    WebSocketApp app =
        WebSocketApp.builder(server.uri("/"))
            .options(options())
            .onOpen(
                a -> {
                  try {
                    a.send("before");
                    keys.set(() -> null);
                    a.send("after");
                  } catch (Exception e) {
                    error.compareAndSet(null, e);
                  }
                })
            .onError((a, t) -> error.compareAndSet(null, t))
            .build();
    app.runForever(RunOptions.builder().build());
    assertEquals(
        "Mask key supplier failed: Mask key supplier must return 4 bytes, returned null",
        error.get().getMessage());
    assertOnlyBeforeThen1011(server.awaitUpgradedConnection(WAIT));
  }
}
