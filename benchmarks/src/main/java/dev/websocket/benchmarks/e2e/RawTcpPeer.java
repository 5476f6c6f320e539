package dev.websocket.benchmarks.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The ceiling: plain TCP against the raw echo server, no framing, no masking, no handshake, with
 * the cheapest I/O Java offers for each workload. Round trips are a blocking write and read on the
 * calling thread (no thread hand-off at all); streams are one non-blocking loop that writes every
 * owed byte and reads everything available per system call; a "handshake" is TCP connect, FIN, and
 * the server's FIN; an idle connection is a connected socket.
 */
final class RawTcpPeer implements Peer {

  @Override
  public String name() {
    return "raw tcp";
  }

  @Override
  public Link connect(String host, int port, Receiver receiver) {
    throw new UnsupportedOperationException("raw TCP is driven by its own loops");
  }

  private static SocketChannel open(InetSocketAddress address) throws IOException {
    SocketChannel channel = SocketChannel.open();
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    channel.connect(address);
    return channel;
  }

  @Override
  public Driver driver(String host, int port) {
    InetSocketAddress address = new InetSocketAddress(host, port);
    return new Driver() {
      @Override
      public Histogram roundTrips(byte[] message, int warmup, int count) throws Exception {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        ByteBuffer out = ByteBuffer.allocateDirect(message.length);
        ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
        try (SocketChannel channel = open(address)) {
          for (int i = 0; i < warmup + count; i++) {
            long t0 = System.nanoTime();
            out.clear();
            out.put(message).flip();
            while (out.hasRemaining()) {
              channel.write(out);
            }
            int got = 0;
            while (got < message.length) {
              in.clear();
              int n = channel.read(in);
              if (n < 0) {
                throw new IOException("server closed");
              }
              got += n;
            }
            long t = System.nanoTime() - t0;
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
        int size = message.length;
        ByteBuffer out = ByteBuffer.allocateDirect(Math.max(256 * 1024, size));
        ByteBuffer in = ByteBuffer.allocateDirect(Math.max(256 * 1024, size));
        try (SocketChannel channel = open(address);
            Selector selector = Selector.open()) {
          channel.configureBlocking(false);
          SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
          long owed = (long) window * size; // bytes still to write
          long receivedBytes = 0;
          long start = System.nanoTime();
          long t0 = start + warmup.toNanos();
          long end = t0 + measure.toNanos();
          long c0 = -1;
          long now;
          while (true) {
            boolean progress = false;
            if (owed > 0) {
              out.clear().limit((int) Math.min(out.capacity(), owed));
              int n = channel.write(out);
              owed -= n;
              progress |= n > 0;
            }
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
              throw new IOException("server closed");
            }
            if (n > 0) {
              long before = receivedBytes / size;
              receivedBytes += n;
              owed += (receivedBytes / size - before) * size; // one new message per echo completed
              progress = true;
            }
            now = System.nanoTime();
            long messages = receivedBytes / size;
            if (c0 < 0 && now >= t0) {
              c0 = messages;
              t0 = now;
            }
            if (now >= end) {
              return (messages - c0) * 1e9 / (now - t0);
            }
            if (!progress) {
              key.interestOps(
                  owed > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
              selector.select(100);
              selector.selectedKeys().clear();
            }
          }
        }
      }

      @Override
      public double handshakes(Duration warmup, Duration measure) throws Exception {
        ByteBuffer in = ByteBuffer.allocateDirect(16);
        return Driver.rate(warmup, measure, () -> connectAndClose(in));
      }

      private void connectAndClose(ByteBuffer in) throws IOException {
        try (SocketChannel channel = open(address)) {
          channel.shutdownOutput();
          in.clear();
          while (channel.read(in) >= 0) {
            in.clear();
          }
        }
      }

      @Override
      public AutoCloseable openIdle() throws Exception {
        return open(address);
      }
    };
  }

  @Override
  public void close() {}
}
