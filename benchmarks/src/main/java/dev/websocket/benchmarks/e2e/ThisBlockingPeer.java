package dev.websocket.benchmarks.e2e;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.Message;
import dev.websocket.client.WebSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * This project's blocking facade, used as its README shows: {@code WebSocket.connect}, then {@code
 * send} and {@code recv} on the caller's thread, {@code close} in the end. Nothing here runs on a
 * callback: the calling thread sends and receives. Its I/O runs on the shared event loop, or, with
 * {@link #callerThreadIo()}, on the calling thread itself.
 */
final class ThisBlockingPeer implements Peer {

  /** The only change from the defaults: no permessage-deflate, as for every peer. */
  static final ConnectOptions OPTIONS = ConnectOptions.builder().compression(false).build();

  private final String name;
  private final ConnectOptions options;

  ThisBlockingPeer() {
    this("this: blocking", OPTIONS);
  }

  private ThisBlockingPeer(String name, ConnectOptions options) {
    this.name = name;
    this.options = options;
  }

  /** The blocking facade with {@code ioOnCallerThread(true)}. */
  static ThisBlockingPeer callerThreadIo() {
    return new ThisBlockingPeer(
        "this: blocking, I/O on the caller", OPTIONS.toBuilder().ioOnCallerThread(true).build());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean ours() {
    return true;
  }

  @Override
  public Link connect(String host, int port, Receiver receiver) {
    throw new UnsupportedOperationException("the blocking facade is driven by its own loop");
  }

  @Override
  public Driver driver(String host, int port) {
    String url = "ws://" + host + ":" + port + "/";
    return new Driver() {
      @Override
      public Histogram roundTrips(byte[] message, int warmup, int count) throws Exception {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        try (WebSocket ws = WebSocket.connect(url, options)) {
          for (int i = 0; i < warmup + count; i++) {
            long t0 = System.nanoTime();
            ws.send(message);
            Message echo = ws.recv();
            long t = System.nanoTime() - t0;
            check(echo, message);
            if (i >= warmup) {
              histogram.recordValue(Math.min(t, histogram.getHighestTrackableValue()));
            }
          }
        }
        return histogram;
      }

      @Override
      public double stream(byte[] message, int window, Duration warmup, Duration measure)
          throws Exception {
        try (WebSocket ws = WebSocket.connect(url, options)) {
          for (int i = 0; i < window; i++) {
            ws.send(message);
          }
          long start = System.nanoTime();
          long t0 = start + warmup.toNanos();
          long end = t0 + measure.toNanos();
          long received = 0;
          long c0 = -1;
          long now;
          while (true) {
            check(ws.recv(), message);
            received++;
            now = System.nanoTime();
            if (c0 < 0 && now >= t0) {
              c0 = received;
              t0 = now;
            }
            if (now >= end) {
              break;
            }
            ws.send(message);
          }
          for (int i = 1; i < window; i++) {
            ws.recv();
          }
          return (received - c0) * 1e9 / (now - t0);
        }
      }

      @Override
      public double handshakes(Duration warmup, Duration measure) throws Exception {
        return Driver.rate(warmup, measure, () -> WebSocket.connect(url, options).close());
      }

      @Override
      public AutoCloseable openIdle() throws Exception {
        return WebSocket.connect(url, options);
      }
    };
  }

  private static void check(Message echo, byte[] sent) {
    if (echo.bytes().length != sent.length) {
      throw new IllegalStateException(
          "echo of " + echo.bytes().length + " bytes, sent " + sent.length);
    }
  }

  @Override
  public void close() {}
}
