package dev.websocket.client.internal;

import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.ProtocolViolationException;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
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
 * <p>Threads: the event loop adds to {@code events} under {@code lock}; one reader at a time takes.
 * A reader that finds its batch empty moves everything queued into it under one acquisition of
 * {@code lock}, then serves the following takes from the batch without touching {@code lock}, so
 * the event loop and the reader meet once per batch rather than once per frame. The batch is
 * guarded by {@code batchLock}, which the reader holds while it takes and never while it waits, so
 * {@link #closing}, {@link #drain} and {@link #endNow}, called from any thread, never wait for a
 * frame to arrive. Lock order: {@code batchLock}, then {@code lock}. The cost {@code bytes} covers
 * both the queue and the batch; the reader lowers it per frame taken, without {@code lock}. Waiting
 * is on a {@link Condition}, never in a monitor, so a virtual thread that waits here does not pin
 * its carrier.
 *
 * <p>Wake-ups: a reader finds the queue empty and sets {@code readerWaiting} under {@code lock},
 * then waits (which releases it); the event loop adds under the same lock, so it either adds before
 * the reader looked (and the reader does not wait) or sees the flag. Seeing it, the loop posts one
 * {@code signalTask} to itself, which runs once the read in hand is processed: the reader wakes
 * once per read, to every frame of it. Closes, failures and a loop that refuses the task signal at
 * once.
 *
 * <p>A whole TEXT or BINARY message of one frame up to {@link #WHOLE_COPY_MAX_BYTES} is copied on
 * the event loop ({@link InboundEvent.Whole}) and its frame released there.
 */
public final class InboundQueue implements ConnectionListener {

  /**
   * What a queued frame holds beyond its payload, in bytes: the {@link Frame} (24), the slice its
   * payload is (about 64), the event record (16) and the queue's slot with its growth (16).
   */
  public static final int FRAME_OVERHEAD_BYTES = 128;

  private static final AtomicLongFieldUpdater<InboundQueue> BYTES =
      AtomicLongFieldUpdater.newUpdater(InboundQueue.class, "bytes");

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();

  /** Where the event loop adds; guarded by {@code lock}. Small at first: mostly empty. */
  private ArrayDeque<InboundEvent> events = new ArrayDeque<>(2);

  /** What the reader took from {@code events} and has not returned yet; guarded by batchLock. */
  private ArrayDeque<InboundEvent> batch = new ArrayDeque<>(2);

  private final ReentrantLock batchLock = new ReentrantLock();

  private final long limitBytes;
  private final BooleanSupplier hasEvents = this::hasEvents;
  private Connection connection;

  /** The cost of the frames queued and batched: payloads plus the overhead of each. */
  private volatile long bytes;

  /** Written under {@code lock}; read without it by a reader deciding whether to resume. */
  private volatile boolean paused;

  private InboundEvent.Closed closed;

  /** Whether a reader waits on {@code available}; guarded by {@code lock}. */
  private boolean readerWaiting;

  /** Whether {@link #signalTask} is queued on the event loop; guarded by {@code lock}. */
  private boolean signalPending;

  private final Runnable signalTask = this::signalReader;

  /** Set once the reader is gone: frames that still arrive are released at once. */
  private boolean discarding;

  /** Set once the user closes: only the server's close frame is still of interest. */
  private boolean closing;

  /** Set by {@link #wakeReader}: the next take that would wait returns null at once instead. */
  private boolean wakeRequested;

  /**
   * Whether pings and pongs are queued: true until a read that skips them, again after a read that
   * returns them. A reader who only reads messages is not made to hold control frames it will never
   * see. Written by the reader, read by the event loop.
   */
  private volatile boolean controlFramesWanted = true;

  /** A queue that pauses reading beyond {@code limitBytes} of queued frames' cost. */
  public InboundQueue(long limitBytes) {
    this.limitBytes = limitBytes;
  }

  /** Binds the connection whose reading this queue pauses and resumes. */
  public void bind(Connection connection) {
    this.connection = connection;
  }

  /**
   * The largest message copied off its buffer on the event loop ({@link InboundEvent.Whole}): for
   * small ones, the buffer's reference counting and release on the reader's thread cost more than
   * the copy the reader would make anyway.
   */
  static final int WHOLE_COPY_MAX_BYTES = 1024;

  /** What a queued frame counts against the limit. */
  static long cost(Frame frame) {
    return (long) frame.length() + FRAME_OVERHEAD_BYTES;
  }

  /** What a queued event counts against the limit: a message its payload plus the overhead. */
  private static long cost(InboundEvent event) {
    if (event instanceof InboundEvent.Whole whole) {
      return (long) whole.payload().length + FRAME_OVERHEAD_BYTES;
    }
    if (event instanceof InboundEvent.Received received) {
      return cost(received.frame());
    }
    return 0;
  }

  /** Whether an event is a message, as opposed to a control frame or the stream's state. */
  private static boolean isMessage(InboundEvent event) {
    return event instanceof InboundEvent.Whole
        || (event instanceof InboundEvent.Received received
            && received.frame().opcode() != Opcode.CLOSE);
  }

  private static void release(InboundEvent event) {
    if (event instanceof InboundEvent.Received received) {
      received.frame().release();
    }
  }

  /** The event for a frame: a small whole message copied (the frame released), else the frame. */
  private static InboundEvent eventFor(Frame frame) {
    Opcode opcode = frame.opcode();
    if (frame.isFinal()
        && (opcode == Opcode.TEXT || opcode == Opcode.BINARY)
        && frame.length() <= WHOLE_COPY_MAX_BYTES) {
      try {
        return new InboundEvent.Whole(opcode, ByteBufUtil.getBytes(frame.payload()));
      } finally {
        frame.release();
      }
    }
    return new InboundEvent.Received(frame);
  }

  @Override
  public void onFrame(Frame frame) {
    if (!controlFramesWanted && isPingOrPong(frame)) {
      frame.release();
      return;
    }
    InboundEvent event = eventFor(frame);
    lock.lock();
    try {
      if (discarding || (closing && isMessage(event))) {
        release(event);
        return;
      }
      events.add(event);
      long queued = BYTES.addAndGet(this, cost(event));
      if (!paused && queued > limitBytes && connection != null) {
        paused = true;
        connection.pauseReading(Connection.ReadPause.RECEIVER_FULL);
      }
      if (readerWaiting && !signalPending) {
        wakeReaderAfterThisRead();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Wakes the waiting reader once the event loop is done with what it is reading now, so a read of
   * many frames wakes the reader once, with all of them queued. Under {@code lock}.
   */
  private void wakeReaderAfterThisRead() {
    EventLoop loop = connection == null ? null : connection.channel().eventLoop();
    if (loop == null || !loop.inEventLoop() || connection.callerDrivenLoop() != null) {
      available.signal();
      return;
    }
    try {
      loop.execute(signalTask);
      signalPending = true;
    } catch (RejectedExecutionException shutDown) {
      available.signal();
    }
  }

  private void signalReader() {
    lock.lock();
    try {
      signalPending = false;
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
    batchLock.lock();
    try {
      lock.lock();
      try {
        closing = true;
        dropAllButClose(batch);
        dropAllButClose(events);
        if (paused) {
          paused = false;
          connection.resumeReading(Connection.ReadPause.RECEIVER_FULL);
        }
      } finally {
        lock.unlock();
      }
    } finally {
      batchLock.unlock();
    }
  }

  private void dropAllButClose(ArrayDeque<InboundEvent> queue) {
    queue.removeIf(
        event -> {
          if (isMessage(event)) {
            BYTES.addAndGet(this, -cost(event));
            release(event);
            return true;
          }
          return false;
        });
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
   * InboundEvent.Closed} end stays for every later call. One reader at a time.
   *
   * @param timeoutNanos how long to wait; negative waits for ever
   * @param controlFrames whether this reader returns pings and pongs; until a reader that does,
   *     those arriving from now on are answered and dropped instead of queued
   * @return the event, or null when the time ran out
   */
  public InboundEvent take(long timeoutNanos, boolean controlFrames) throws InterruptedException {
    if (controlFramesWanted != controlFrames) {
      controlFramesWanted = controlFrames;
    }
    CallerDrivenLoop loop = connection == null ? null : connection.callerDrivenLoop();
    long deadline = System.nanoTime() + timeoutNanos;
    while (true) {
      InboundEvent event = takeQueued();
      if (event != null) {
        return event;
      }
      long left = timeoutNanos < 0 ? -1 : deadline - System.nanoTime();
      if (loop != null) {
        if (wakeRequested() || (timeoutNanos >= 0 && left <= 0)) {
          return null;
        }
        // Run the connection's I/O on this thread until an event is queued.
        if (!loop.awaitUntil(hasEvents, left)) {
          return null;
        }
      } else if (!awaitEvents(timeoutNanos >= 0 && left <= 0 ? 0 : left)) {
        return null;
      }
    }
  }

  /**
   * The next event of the batch, refilling the batch from the queue when it is empty; null when
   * both are empty. Settles the byte count for the frame taken.
   */
  private InboundEvent takeQueued() throws InterruptedException {
    InboundEvent event;
    batchLock.lockInterruptibly();
    try {
      if (batch.isEmpty() && !refill()) {
        return null;
      }
      event = batch.peek();
      if (event instanceof InboundEvent.Closed) {
        return event;
      }
      batch.poll();
    } finally {
      batchLock.unlock();
    }
    long cost = cost(event);
    if (cost > 0) {
      long left = BYTES.addAndGet(this, -cost);
      if (paused && left <= limitBytes / 2) {
        resumeBelowHalf();
      }
    }
    return event;
  }

  /** Moves every queued event into the empty batch; false when there were none. */
  private boolean refill() {
    lock.lock();
    try {
      if (events.isEmpty()) {
        return false;
      }
      ArrayDeque<InboundEvent> full = events;
      events = batch;
      batch = full;
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void resumeBelowHalf() {
    lock.lock();
    try {
      if (paused && bytes <= limitBytes / 2) {
        paused = false;
        connection.resumeReading(Connection.ReadPause.RECEIVER_FULL);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the event loop queues an event, or the time runs out. Only called with an empty
   * batch: what the loop queues after the reader's refill is seen here, under the same lock.
   *
   * @param timeoutNanos how long to wait: negative for ever, 0 not at all
   * @return true to look at the queue again; false to return nothing now (time out, or {@link
   *     #wakeReader})
   */
  private boolean awaitEvents(long timeoutNanos) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      if (!events.isEmpty()) {
        return true;
      }
      if (wakeRequested) {
        wakeRequested = false;
        return false;
      }
      if (timeoutNanos == 0) {
        return false;
      }
      readerWaiting = true;
      try {
        if (timeoutNanos < 0) {
          available.await();
        } else {
          available.awaitNanos(timeoutNanos);
        }
      } finally {
        readerWaiting = false;
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Takes a pending {@link #wakeReader} request: whether there was one. */
  private boolean wakeRequested() {
    lock.lock();
    try {
      boolean requested = wakeRequested;
      wakeRequested = false;
      return requested;
    } finally {
      lock.unlock();
    }
  }

  /** Whether an event is queued; the reader's condition while it drives the caller's loop. */
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

  /** The cost of the frames queued now (payloads plus overhead), taken or not. */
  public long queuedBytes() {
    return bytes;
  }

  /**
   * Releases every frame still buffered, and any that arrives later (after close). Waits for a take
   * in progress to finish its step, never for a frame to arrive.
   */
  public void drain() {
    batchLock.lock();
    try {
      lock.lock();
      try {
        discarding = true;
        // Subtracted, not zeroed: a take that polled its frame before this still lowers the count.
        BYTES.addAndGet(this, -(releaseFrames(batch) + releaseFrames(events)));
      } finally {
        lock.unlock();
      }
    } finally {
      batchLock.unlock();
    }
  }

  /**
   * Drops the frames and messages of {@code queue}, releasing them and keeping its other events;
   * returns their cost.
   */
  private static long releaseFrames(ArrayDeque<InboundEvent> queue) {
    long released = 0;
    for (var it = queue.iterator(); it.hasNext(); ) {
      InboundEvent event = it.next();
      long cost = cost(event);
      if (cost > 0) {
        released += cost;
        release(event);
        it.remove();
      }
    }
    return released;
  }
}
