package dev.websocket.wsdump;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Lines from a stream that is not a terminal (a pipe, a file, a test's stream), decoded as UTF-8.
 *
 * <p>A blocked read of a stream cannot be interrupted, yet the session must end when the server
 * closes even if the pipe stays open. So a daemon thread reads ahead into a small queue, and {@link
 * #readLine()} waits on the queue, where {@link #stop()} can reach it.
 */
final class StreamInput implements InputSource {

  /** Lines read ahead at most; the pump then waits, and the pipe's writer with it. */
  static final int READ_AHEAD_LINES = 256;

  /** How often a waiting {@link #readLine()} looks at the stop flag when the queue is full. */
  private static final long STOP_CHECK_MILLIS = 100;

  private static final Object END = new Object();
  private static final Object STOPPED = new Object();

  private final BlockingQueue<Object> lines = new ArrayBlockingQueue<>(READ_AHEAD_LINES);
  private final BufferedReader reader;
  private volatile boolean stopped;
  private boolean ended;

  /** Starts reading {@code in} ahead on a daemon thread. */
  StreamInput(InputStream in) {
    this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    Thread pump = new Thread(this::pump, "wsdump-stdin");
    pump.setDaemon(true);
    pump.start();
  }

  private void pump() {
    try {
      for (String line; (line = reader.readLine()) != null; ) {
        lines.put(line);
      }
      lines.put(END);
    } catch (IOException e) {
      lines.offer(new UncheckedIOException(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String readLine() throws IOException {
    if (ended) {
      return null;
    }
    while (true) {
      if (stopped) {
        throw new InterruptedIOException("input stopped");
      }
      Object item;
      try {
        item = lines.poll(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading input");
      }
      if (item == null || item == STOPPED) {
        continue;
      }
      if (item == END) {
        ended = true;
        return null;
      }
      if (item instanceof UncheckedIOException) {
        throw ((UncheckedIOException) item).getCause();
      }
      return (String) item;
    }
  }

  @Override
  public void stop() {
    stopped = true;
    lines.offer(STOPPED); // wakes a waiting reader at once when there is room
  }

  @Override
  public void close() {
    stop();
  }
}
