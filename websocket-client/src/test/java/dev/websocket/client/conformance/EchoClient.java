package dev.websocket.client.conformance;

import dev.websocket.client.Message;
import dev.websocket.client.WebSocket;
import dev.websocket.codec.Opcode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Autobahn testee client's behaviour on the blocking facade: receive each message and send it
 * back with the same type, until an exception ends the loop; then {@code close()}.
 */
final class EchoClient {

  private final WebSocket ws;
  private final CompletableFuture<Exception> ended = new CompletableFuture<>();
  private volatile int echoed;

  private EchoClient(WebSocket ws) {
    this.ws = ws;
  }

  /** Starts the loop on its own (daemon) thread. */
  static EchoClient start(WebSocket ws, String name) {
    EchoClient client = new EchoClient(ws);
    Thread thread = new Thread(client::loop, "echo-client " + name);
    thread.setDaemon(true);
    thread.start();
    return client;
  }

  private void loop() {
    Exception end = null;
    try {
      while (true) {
        Message m = ws.recv();
        ws.send(m.bytes(), m.isText() ? Opcode.TEXT : Opcode.BINARY);
        echoed++;
      }
    } catch (Exception e) {
      end = e;
    } finally {
      try {
        ws.close();
      } catch (Exception e) {
        if (end == null) {
          end = e;
        }
      }
      ended.complete(end);
    }
  }

  /** Messages echoed so far. */
  int echoed() {
    return echoed;
  }

  /** Waits for the loop to end; returns the exception that ended it. */
  Exception awaitEnd(Duration limit) throws InterruptedException {
    try {
      return ended.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("The echo client did not stop within " + limit.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }

  /** Closes the socket at once (cleanup after a failed case). */
  void abort() {
    ws.abort();
  }
}
