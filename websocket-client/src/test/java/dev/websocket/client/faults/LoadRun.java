package dev.websocket.client.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.websocket.client.AsyncWebSocket;
import dev.websocket.client.ConnectOptions;
import dev.websocket.client.WebSocket;
import dev.websocket.client.WebSocketListener;
import io.netty.util.internal.PlatformDependent;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;

/**
 * Many connections to an echo server on loopback, in this JVM or in a child JVM, some of them
 * active: each active connection keeps one binary message in flight (send, wait for the echo, send
 * the next) until the hold time is over; the others stay idle and open. Then everything is closed
 * and checked: no errors, every connection was open to the end, every active one exchanged
 * messages, all of them closed on both sides, and the process's file descriptors are back where
 * they were. Buffers are checked by the leak extension (PARANOID). It reports memory per connection
 * (heap after a GC, and Netty's direct memory): of client and server together when both run in this
 * JVM.
 */
final class LoadRun {

  private static final int MESSAGE_BYTES = 64;
  private static final int CONNECTS_IN_FLIGHT = 200;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final int connections;
  private final int active;
  private final Duration hold;
  private final boolean serverInOwnJvm;

  LoadRun(int connections, int active, Duration hold, boolean serverInOwnJvm) {
    this.connections = connections;
    this.active = active;
    this.hold = hold;
    this.serverInOwnJvm = serverInOwnJvm;
  }

  /**
   * The file descriptors this JVM needs: one per connection, two with the server here, and a
   * margin.
   */
  long descriptorsNeeded() {
    return (serverInOwnJvm ? 1L : 2L) * connections + 1024;
  }

  void run() throws Exception {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    Assumptions.assumeTrue(
        os instanceof UnixOperatingSystemMXBean, "needs a Unix JVM to count file descriptors");
    UnixOperatingSystemMXBean unix = (UnixOperatingSystemMXBean) os;
    Assumptions.assumeTrue(
        unix.getMaxFileDescriptorCount() >= descriptorsNeeded(),
        "needs ulimit -n >= "
            + descriptorsNeeded()
            + " (have "
            + unix.getMaxFileDescriptorCount()
            + "): run `ulimit -n 65536` in the shell that starts Maven");

    ConnectOptions options =
        ConnectOptions.builder()
            .timeout(WAIT)
            .proxyFromEnvironment(false)
            .compression(false)
            .receiveBufferBytes(64 * 1024)
            .sendBufferBytes(64 * 1024)
            .build();
    AtomicLong errors = new AtomicLong();
    ConcurrentLinkedQueue<Throwable> firstErrors = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong echoes = new AtomicLong();

    try (LoadServer server = serverInOwnJvm ? LoadServer.childProcess() : LoadServer.inProcess()) {
      long fdsBefore = unix.getOpenFileDescriptorCount();
      long heapBefore = usedHeapAfterGc();
      long directBefore = PlatformDependent.usedDirectMemory();

      List<Client> clients = new ArrayList<>(connections);
      List<CompletableFuture<AsyncWebSocket>> opened = new ArrayList<>(connections);
      Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
      long connectStart = System.nanoTime();
      for (int i = 0; i < connections; i++) {
        Client client = new Client(i < active, stop, echoes, errors, firstErrors);
        clients.add(client);
        if (!inFlight.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS)) {
          throw new AssertionError("connects did not complete in " + WAIT.toSeconds() + " s");
        }
        CompletableFuture<AsyncWebSocket> f =
            WebSocket.connectAsync(server.uri("/load"), options, client);
        f.whenComplete(
            (ws, failure) -> {
              inFlight.release();
              if (failure != null) {
                client.onError(null, failure);
              }
            });
        opened.add(f);
      }
      for (CompletableFuture<AsyncWebSocket> f : opened) {
        f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
      server.awaitUpgraded(connections, WAIT);
      Duration connectTime = Duration.ofNanos(System.nanoTime() - connectStart);
      assertEquals(0, errors.get(), () -> "errors while connecting: " + firstErrors);

      long heapPerConnection = (usedHeapAfterGc() - heapBefore) / connections;
      long directPerConnection =
          (PlatformDependent.usedDirectMemory() - directBefore) / connections;
      System.out.printf(
          "load: %d connections open in %d ms; memory per connection (%s): %.1f KiB heap, "
              + "%.1f KiB direct; %d file descriptors%n",
          connections,
          connectTime.toMillis(),
          serverInOwnJvm
              ? "client; the server runs in its own JVM"
              : "client and server together, one JVM",
          heapPerConnection / 1024.0,
          directPerConnection / 1024.0,
          unix.getOpenFileDescriptorCount() - fdsBefore);

      // traffic: the active clients started their loops in onOpen; hold for the given time,
      // waiting on the clock of a future rather than sleeping
      CompletableFuture<Void> held = new CompletableFuture<>();
      held.completeOnTimeout(null, hold.toMillis(), TimeUnit.MILLISECONDS).get();
      stop.set(true);
      for (Client c : clients) {
        c.awaitQuiet(WAIT);
      }
      System.out.printf(
          "load: %d active connections exchanged %d echoes in %d s (%.0f per second)%n",
          active, echoes.get(), hold.toSeconds(), echoes.get() / (double) hold.toSeconds());
      assertEquals(0, errors.get(), () -> "errors: " + errors.get() + ", first: " + firstErrors);
      for (Client c : clients) {
        assertTrue(c.ws.isOpen(), "a connection was lost while held");
        if (c.active) {
          assertTrue(c.echoes > 0, "an active connection exchanged nothing");
        }
      }

      List<CompletableFuture<Void>> closed = new ArrayList<>(connections);
      for (Client c : clients) {
        closed.add(c.ws.close().toCompletableFuture());
      }
      for (CompletableFuture<Void> f : closed) {
        f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
      for (Client c : clients) {
        c.ws.closeFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
      server.awaitAllClosed(WAIT);
      assertEquals(0, errors.get(), () -> "errors while closing: " + firstErrors);
      for (Client c : clients) {
        assertEquals(1000, c.closeStatus, "the close handshake of a connection");
      }
      // A NIO socket closed while registered gives its descriptor back only when its selector next
      // wakes up, so the count falls a little after the close futures complete: wait for it.
      long deadline = System.nanoTime() + WAIT.toNanos();
      long leftOpen = unix.getOpenFileDescriptorCount() - fdsBefore;
      while (leftOpen >= 50 && System.nanoTime() - deadline < 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        leftOpen = unix.getOpenFileDescriptorCount() - fdsBefore;
      }
      assertTrue(
          leftOpen < 50, "file descriptors still open after closing everything: " + leftOpen);
    }
  }

  private static long usedHeapAfterGc() {
    Runtime r = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return r.totalMemory() - r.freeMemory();
  }

  /** One connection: idle, or a closed loop of one message in flight. */
  private static final class Client implements WebSocketListener {
    final boolean active;
    final AtomicBoolean stop;
    final AtomicLong total;
    final AtomicLong errors;
    final ConcurrentLinkedQueue<Throwable> firstErrors;
    final CompletableFuture<Void> quiet = new CompletableFuture<>();
    volatile AsyncWebSocket ws;
    volatile long echoes;
    volatile int closeStatus;

    Client(
        boolean active,
        AtomicBoolean stop,
        AtomicLong total,
        AtomicLong errors,
        ConcurrentLinkedQueue<Throwable> firstErrors) {
      this.active = active;
      this.stop = stop;
      this.total = total;
      this.errors = errors;
      this.firstErrors = firstErrors;
      if (!active) {
        quiet.complete(null);
      }
    }

    @Override
    public void onOpen(AsyncWebSocket ws) {
      this.ws = ws;
      ws.request(Long.MAX_VALUE);
      if (active) {
        send();
      }
    }

    private void send() {
      byte[] payload = new byte[MESSAGE_BYTES];
      payload[0] = (byte) echoes;
      ws.sendBinary(payload)
          .whenComplete(
              (ignored, failure) -> {
                if (failure != null) {
                  onError(ws, failure);
                }
              });
    }

    @Override
    public void onBinary(AsyncWebSocket ws, ByteBuffer data) {
      if (data.remaining() != MESSAGE_BYTES || data.get(0) != (byte) echoes) {
        onError(ws, new AssertionError("wrong echo: " + data));
      }
      echoes++;
      total.incrementAndGet();
      if (stop.get()) {
        quiet.complete(null);
      } else {
        send();
      }
    }

    @Override
    public void onClose(AsyncWebSocket ws, int status, String reason) {
      closeStatus = status;
    }

    @Override
    public void onError(AsyncWebSocket ws, Throwable error) {
      if (errors.incrementAndGet() <= 5) {
        firstErrors.add(error);
      }
      quiet.complete(null);
    }

    void awaitQuiet(Duration limit) throws Exception {
      quiet.get(limit.toSeconds(), TimeUnit.SECONDS);
    }
  }
}
