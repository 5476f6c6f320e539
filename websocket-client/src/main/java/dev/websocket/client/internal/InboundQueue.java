package dev.websocket.client.internal;

import dev.websocket.codec.Frame;
import dev.websocket.codec.ProtocolViolationException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The receive side of a blocking connection: frames and terminal events in wire order, bounded in
 * bytes. When the buffered payloads pass the limit, reading from the socket stops (TCP then slows
 * the server); once a reader drains below half, reading resumes.
 */
public final class InboundQueue implements ConnectionListener {

  /** A violation, in its place in the stream. */
  public static final class Violation {
    /** The violation. */
    public final ProtocolViolationException violation;

    Violation(ProtocolViolationException violation) {
      this.violation = violation;
    }
  }

  /** An I/O failure, in its place in the stream. */
  public static final class Failure {
    /** The cause. */
    public final Throwable cause;

    Failure(Throwable cause) {
      this.cause = cause;
    }
  }

  /** The end: TCP closed. Stays at the head of the queue for every later read. */
  public static final class Closed {
    /** The server's status, or 1006. */
    public final int status;
    /** The server's reason, or "". */
    public final String reason;

    Closed(int status, String reason) {
      this.status = status;
      this.reason = reason;
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();
  /** Small at first: most of a connection's life the queue holds nothing or a message or two. */
  private final ArrayDeque<Object> items = new ArrayDeque<>(2);
  private final long limitBytes;
  private Connection connection;
  private long bytes;
  private boolean paused;
  private Closed closed;
  /** Set once the reader is gone: frames that still arrive are released at once. */
  private boolean discarding;

  /** A queue that pauses reading beyond {@code limitBytes} of buffered payload. */
  public InboundQueue(long limitBytes) {
    this.limitBytes = limitBytes;
  }

  /** Binds the connection whose reading this queue pauses and resumes. */
  public void bind(Connection connection) {
    this.connection = connection;
  }

  @Override
  public void onFrame(Frame frame) {
    lock.lock();
    try {
      if (discarding) {
        frame.release();
        return;
      }
      items.add(frame);
      bytes += frame.length();
      if (!paused && bytes > limitBytes && connection != null) {
        paused = true;
        connection.setReading(false);
      }
      available.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onViolation(ProtocolViolationException violation) {
    add(new Violation(violation));
  }

  @Override
  public void onError(Throwable cause) {
    add(new Failure(cause));
  }

  @Override
  public void onClosed(int status, String reason) {
    lock.lock();
    try {
      if (closed == null) {
        closed = new Closed(status, reason);
        items.add(closed);
      }
      available.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Ends the stream now (the user closed or aborted): waiting readers wake up to the end. */
  public void endNow(int status, String reason) {
    onClosed(status, reason);
  }

  private void add(Object item) {
    lock.lock();
    try {
      items.add(item);
      available.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next item: a {@link Frame} (the caller owns it), a {@link Violation}, a {@link Failure} or
   * the {@link Closed} end.
   *
   * @param timeoutNanos how long to wait; negative waits for ever
   * @return the item, or null when the time ran out
   */
  public Object take(long timeoutNanos) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long left = timeoutNanos;
      while (items.isEmpty()) {
        if (timeoutNanos < 0) {
          available.await();
        } else {
          if (left <= 0) {
            return null;
          }
          left = available.awaitNanos(left);
        }
      }
      Object item = items.peek();
      if (item instanceof Closed) {
        return item;
      }
      items.poll();
      if (item instanceof Frame) {
        bytes -= ((Frame) item).length();
        if (paused && bytes <= limitBytes / 2) {
          paused = false;
          connection.setReading(true);
        }
      }
      return item;
    } finally {
      lock.unlock();
    }
  }

  /** The end, if reached. */
  public Closed closed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /** Releases every frame still buffered, and any that arrives later (after close). */
  public void drain() {
    lock.lock();
    try {
      discarding = true;
      items.removeIf(item -> {
        if (item instanceof Frame) {
          ((Frame) item).release();
          return true;
        }
        return false;
      });
      bytes = 0;
    } finally {
      lock.unlock();
    }
  }
}
