package dev.websocket.benchmarks.e2e;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Drives the workloads from the library's own receive callback, the way an asynchronous client is
 * meant to be used: the next message is sent from the callback that received the previous echo, and
 * the measuring thread only sleeps and reads counters.
 */
final class CallbackDriver implements Driver {

  private static final Peer.Receiver IGNORE = (link, length) -> {};

  private final Peer peer;
  private final String host;
  private final int port;

  CallbackDriver(Peer peer, String host, int port) {
    this.peer = peer;
    this.host = host;
    this.port = port;
  }

  @Override
  public Histogram roundTrips(byte[] message, int warmup, int count) throws Exception {
    PingPong pingPong = new PingPong(message, warmup, count);
    Peer.Link link = peer.connect(host, port, pingPong);
    pingPong.start(link);
    if (!pingPong.done.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException(peer.name() + ": round trips did not finish");
    }
    pingPong.check();
    link.close();
    return pingPong.histogram;
  }

  @Override
  public double stream(byte[] message, int window, Duration warmup, Duration measure)
      throws Exception {
    Stream stream = new Stream(message);
    Peer.Link link = peer.connect(host, port, stream);
    for (int i = 0; i < window; i++) {
      link.send(message);
    }
    Thread.sleep(warmup.toMillis());
    long c0 = stream.received;
    long t0 = System.nanoTime();
    Thread.sleep(measure.toMillis());
    long c1 = stream.received;
    long t1 = System.nanoTime();
    stream.sending = false;
    stream.check();
    // Let the messages still in flight come back before closing.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long last = -1;
    while (stream.received != last && System.nanoTime() < deadline) {
      last = stream.received;
      Thread.sleep(50);
    }
    link.close();
    return (c1 - c0) * 1e9 / (t1 - t0);
  }

  @Override
  public double handshakes(Duration warmup, Duration measure) throws Exception {
    return Driver.rate(warmup, measure, () -> peer.connect(host, port, IGNORE).close());
  }

  @Override
  public AutoCloseable openIdle() throws Exception {
    Peer.Link link = peer.connect(host, port, IGNORE);
    return link::close;
  }

  /** One message out, its echo back, the time between recorded. */
  private static final class PingPong implements Peer.Receiver {
    final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    final CountDownLatch done = new CountDownLatch(1);
    private final byte[] message;
    private final int warmup;
    private final int total;
    private int received;
    private long sentAt;
    private volatile String error;

    PingPong(byte[] message, int warmup, int count) {
      this.message = message;
      this.warmup = warmup;
      this.total = warmup + count;
    }

    void start(Peer.Link link) {
      sentAt = System.nanoTime();
      link.send(message);
    }

    @Override
    public void onMessage(Peer.Link link, int length) {
      long now = System.nanoTime();
      if (length != message.length) {
        error = "echo of " + length + " bytes, sent " + message.length;
        done.countDown();
        return;
      }
      if (received++ >= warmup) {
        histogram.recordValue(Math.min(now - sentAt, histogram.getHighestTrackableValue()));
      }
      if (received == total) {
        done.countDown();
        return;
      }
      sentAt = System.nanoTime();
      link.send(message);
    }

    void check() {
      if (error != null) {
        throw new IllegalStateException(error);
      }
    }
  }

  /** A window of messages in flight: each echo sends the next one while {@link #sending}. */
  private static final class Stream implements Peer.Receiver {
    private final byte[] message;
    volatile boolean sending = true;

    /**
     * Written by the one thread the library delivers on at a time; read by the measuring thread.
     */
    volatile long received;

    private volatile String error;

    Stream(byte[] message) {
      this.message = message;
    }

    @Override
    public void onMessage(Peer.Link link, int length) {
      if (length != message.length) {
        error = "echo of " + length + " bytes, sent " + message.length;
        return;
      }
      received++;
      if (sending) {
        link.send(message);
      }
    }

    void check() {
      if (error != null) {
        throw new IllegalStateException(error);
      }
    }
  }
}
