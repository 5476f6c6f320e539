package dev.websocket.client.internal;

import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.ProtocolViolationException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The receive side of a blocking connection: {@link InboundEvent}s in wire order, bounded in bytes.
 * Each queued frame costs its payload plus {@link #FRAME_OVERHEAD_BYTES}, so a flood of empty
 * frames fills the queue as surely as large ones. When the queued cost passes the limit, reading
 * from the socket stops (TCP then slows the server); once a reader drains below half, reading
 * resumes.
 *
 * <p>Threads: the event loop adds, one reader at a time takes, {@link #drain} and {@link #endNow}
 * come from the user's thread; every field is guarded by {@code lock}. Waiting is on a {@link
 * Condition}, never in a monitor, so a virtual thread that waits here does not pin its carrier.
 */
public final class InboundQueue implements ConnectionListener {

  /**
   * What a queued frame holds beyond its payload, in bytes: the {@link Frame} (24), the slice its
   * payload is (about 64), the event record (16) and the queue's slot with its growth (16).
   */
  public static final int FRAME_OVERHEAD_BYTES = 128;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();

  /** Small at first: most of a connection's life the queue holds nothing or a message or two. */
  private final ArrayDeque<InboundEvent> events = new ArrayDeque<>(2);

  private final long limitBytes;
  private final BooleanSupplier hasEvents = this::hasEvents;
  private Connection connection;

  /** The cost of the frames queued: payloads plus the overhead of each. */
  private long bytes;

  private boolean paused;
  private InboundEvent.Closed closed;

  /** Set once the reader is gone: frames that still arrive are released at once. */
  private boolean discarding;

  /** Set once the user closes: only the server's close frame is still of interest. */
  private boolean closing;

  /** Set by {@link #wakeReader}: the next take that would wait returns null at once instead. */
  private boolean wakeRequested;

  /**
   * Whether pings and pongs are queued: true until a read that skips them, again after a read that
   * returns them. A reader who only reads messages is not made to hold control frames it will never
   * see.
   */
  private boolean controlFramesWanted = true;

  /** A queue that pauses reading beyond {@code limitBytes} of queued frames' cost. */
  public InboundQueue(long limitBytes) {
    this.limitBytes = limitBytes;
  }

  /** Binds the connection whose reading this queue pauses and resumes. */
  public void bind(Connection connection) {
    this.connection = connection;
  }

  /** What a queued frame counts against the limit. */
  static long cost(Frame frame) {
    return (long) frame.length() + FRAME_OVERHEAD_BYTES;
  }

  @Override
  public void onFrame(Frame frame) {
    lock.lock();
    try {
      if (discarding
          || (closing && frame.opcode() != Opcode.CLOSE)
          || (!controlFramesWanted && isPingOrPong(frame))) {
        frame.release();
        return;
      }
      events.add(new InboundEvent.Received(frame));
      bytes += cost(frame);
      if (!paused && bytes > limitBytes && connection != null) {
        paused = true;
        connection.pauseReading(Connection.ReadPause.RECEIVER_FULL);
      }
      available.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onViolation(ProtocolViolationException violation) {
    add(new InboundEvent.Violation(violation));
  }

  @Override
  public void onError(Throwable cause) {
    add(new InboundEvent.Failure(cause));
  }

  @Override
  public void onClosed(CloseOutcome outcome) {
    lock.lock();
    try {
      if (closed == null) {
        closed = new InboundEvent.Closed(outcome);
        events.add(closed);
      }
      available.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The user is closing: frames queued and still to come are dropped, all but the server's close
   * frame, and reading resumes. A close reads on to the server's answer as Python's does,
   * discarding what comes before it, so a full queue cannot hold that answer back for the whole
   * close timeout.
   */
  public void closing() {
    lock.lock();
    try {
      closing = true;
      events.removeIf(
          event -> {
            if (event instanceof InboundEvent.Received received
                && received.frame().opcode() != Opcode.CLOSE) {
              bytes -= cost(received.frame());
              received.frame().release();
              return true;
            }
            return false;
          });
      if (paused) {
        paused = false;
        connection.resumeReading(Connection.ReadPause.RECEIVER_FULL);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Ends the stream now (the user closed or aborted): waiting readers wake up to the end. */
  public void endNow(CloseOutcome outcome) {
    onClosed(outcome);
  }

  private void add(InboundEvent event) {
    lock.lock();
    try {
      events.add(event);
      available.signal();
    } finally {
      lock.unlock();
    }
  }

  private static boolean isPingOrPong(Frame frame) {
    return frame.opcode() == Opcode.PING || frame.opcode() == Opcode.PONG;
  }

  /**
   * The next event; a {@link InboundEvent.Received} frame is the caller's to release, the {@link
   * InboundEvent.Closed} end stays for every later call.
   *
   * @param timeoutNanos how long to wait; negative waits for ever
   * @param controlFrames whether this reader returns pings and pongs; until a reader that does,
   *     those arriving from now on are answered and dropped instead of queued
   * @return the event, or null when the time ran out
   */
  public InboundEvent take(long timeoutNanos, boolean controlFrames) throws InterruptedException {
    CallerDrivenLoop loop = connection == null ? null : connection.callerDrivenLoop();
    if (loop != null) {
      setControlFramesWanted(controlFrames);
      // Run the connection's I/O on this thread until an event is queued.
      if (!loop.awaitUntil(hasEvents, timeoutNanos)) {
        return null;
      }
    }
    lock.lockInterruptibly();
    try {
      controlFramesWanted = controlFrames;
      long left = timeoutNanos;
      while (events.isEmpty()) {
        if (wakeRequested) {
          wakeRequested = false;
          return null;
        }
        if (timeoutNanos < 0) {
          available.await();
        } else {
          if (left <= 0) {
            return null;
          }
          left = available.awaitNanos(left);
        }
      }
      InboundEvent event = events.peek();
      if (event instanceof InboundEvent.Closed) {
        return event;
      }
      events.poll();
      if (event instanceof InboundEvent.Received received) {
        bytes -= cost(received.frame());
        if (paused && bytes <= limitBytes / 2) {
          paused = false;
          connection.resumeReading(Connection.ReadPause.RECEIVER_FULL);
        }
      }
      return event;
    } finally {
      lock.unlock();
    }
  }

  private void setControlFramesWanted(boolean wanted) {
    lock.lock();
    try {
      controlFramesWanted = wanted;
    } finally {
      lock.unlock();
    }
  }

  private boolean hasEvents() {
    lock.lock();
    try {
      return !events.isEmpty() || wakeRequested;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Makes the reader's wait end now, or its next one end at once, with nothing taken, as when its
   * time runs out: for a read loop that has other work to do (a {@code WebSocketApp} reporting a
   * refused send).
   */
  public void wakeReader() {
    lock.lock();
    try {
      wakeRequested = true;
      available.signalAll();
    } finally {
      lock.unlock();
    }
    CallerDrivenLoop loop = connection == null ? null : connection.callerDrivenLoop();
    if (loop != null) {
      // The reader may be the loop's driver, waiting on the socket: a task wakes it to look again.
      loop.execute(() -> {});
    }
  }

  /** The end, if reached. */
  public InboundEvent.Closed closed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /** The cost of the frames queued now (payloads plus overhead). */
  public long queuedBytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }

  /** Releases every frame still buffered, and any that arrives later (after close). */
  public void drain() {
    lock.lock();
    try {
      discarding = true;
      events.removeIf(
          event -> {
            if (event instanceof InboundEvent.Received received) {
              received.frame().release();
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
