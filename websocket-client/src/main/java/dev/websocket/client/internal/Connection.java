package dev.websocket.client.internal;

import dev.websocket.client.WebSocketConnectionClosedException;
import dev.websocket.client.WebSocketException;
import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.ProtocolViolationException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One upgraded WebSocket connection: the core that the blocking {@code WebSocket}, the callback
 * {@code WebSocketApp} and the async handle all stand on. It sends frames from any thread, runs the
 * close handshake, and hands received frames to one {@link ConnectionListener}.
 *
 * <p>Sends from other threads are queued and written by one task on the event loop, which flushes
 * once per batch: many small messages cost one system call, not one each. Sends made on the event
 * loop itself, with nothing queued, are written at once and flushed by the same task, or earlier by
 * the encoder when they answer a large read ({@code FrameEncoder}). Frames never interleave: each
 * is one write.
 */
public final class Connection {

  private final Channel channel;
  private final HandshakeResponse handshake;
  private final Duration closeTimeout;
  private final long sendBufferBytes;
  private final ProtocolHandler protocol;

  /** The user's mask-key supplier, drawn from by each send; null with the default keys. */
  private final SuppliedMaskKeys maskKeys;

  /** The mask key of a frame that draws none: the encoder's own source gives it one. */
  private static final long NO_KEY = -1L;

  /** The longest a blocked sender sleeps before it checks writability again. */
  private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private static final AtomicReferenceFieldUpdater<Connection, Waiters> WAITERS =
      AtomicReferenceFieldUpdater.newUpdater(Connection.class, Waiters.class, "waiters");

  /** Created by the first send that has to wait: most connections never do. */
  private volatile Waiters waiters;

  private static final AtomicReferenceFieldUpdater<Connection, PendingWrite> TAIL =
      AtomicReferenceFieldUpdater.newUpdater(Connection.class, PendingWrite.class, "tail");

  /*
   * The send queue: an intrusive multi-producer, single-consumer linked list (Vyukov's). A send
   * links its PendingWrite with one atomic swap of the tail; the event loop unlinks from the head.
   * An idle connection holds one stub node: Netty's array queues cost it a padded queue object and
   * a first chunk, 740 bytes at the least and 4 KiB with the default chunk.
   */
  /** The last node taken (the stub); touched by the event loop only. */
  private PendingWrite head = new PendingWrite(null, null, null, NO_KEY);

  /** The last node linked; producers swap it. */
  private volatile PendingWrite tail = head;

  // Field updaters rather than AtomicBoolean and AtomicLong: two objects fewer per connection.
  private static final AtomicIntegerFieldUpdater<Connection> DRAIN_SCHEDULED =
      AtomicIntegerFieldUpdater.newUpdater(Connection.class, "drainScheduled");
  private static final AtomicLongFieldUpdater<Connection> QUEUED_BYTES =
      AtomicLongFieldUpdater.newUpdater(Connection.class, "queuedBytes");

  /** 1 while a drain task is scheduled and has not started. */
  private volatile int drainScheduled;

  /** Payload bytes in the send queue. */
  private volatile long queuedBytes;

  private final Runnable drainTask = this::drain;

  private static final AtomicIntegerFieldUpdater<Connection> READ_PAUSES =
      AtomicIntegerFieldUpdater.newUpdater(Connection.class, "readPauses");

  /** The {@link ReadPause} bits that hold now; auto-read is on when none does. */
  private volatile int readPauses;

  private final Runnable applyReadingTask = this::applyReading;

  /** Set once a close frame or a failure was queued: later sends and closes fail fast. */
  private volatile boolean closeQueued;

  /** The loop the waiting threads drive themselves, or null on a loop with a thread of its own. */
  private final CallerDrivenLoop callerDriven;

  Connection(
      Channel channel,
      HandshakeResponse handshake,
      Duration closeTimeout,
      long sendBufferBytes,
      ProtocolHandler protocol,
      SuppliedMaskKeys maskKeys) {
    this.channel = channel;
    this.handshake = handshake;
    this.closeTimeout = closeTimeout;
    this.sendBufferBytes = sendBufferBytes;
    this.protocol = protocol;
    this.maskKeys = maskKeys;
    this.callerDriven = channel.eventLoop() instanceof CallerDrivenLoop loop ? loop : null;
  }

  /**
   * The loop that threads waiting on this connection run themselves ({@code
   * ConnectOptions.Builder.ioOnCallerThread}), or null when the connection's event loop has a
   * thread of its own.
   */
  public CallerDrivenLoop callerDrivenLoop() {
    return callerDriven;
  }

  /** The Netty channel. */
  public Channel channel() {
    return channel;
  }

  /** The server's handshake response. */
  public HandshakeResponse handshake() {
    return handshake;
  }

  /** How long a close waits for the server. */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /** Whether frames may still be sent: open, and no close or failure queued. */
  public boolean isOpen() {
    return !closeQueued && channel.isActive();
  }

  /** Whether the close handshake started (a close frame was sent or received) or TCP is gone. */
  public boolean isClosing() {
    return closeQueued || protocol.closeStarted() || !channel.isActive();
  }

  /**
   * Queues a frame for sending; it is released once written.
   *
   * @param promise completed when the frame's bytes are written to the socket; failed at once with
   *     a {@link WebSocketException} when the user's mask-key supplier fails, which also fails the
   *     connection with 1011
   * @return the promise
   */
  public ChannelFuture send(Frame frame, ChannelPromise promise) {
    if (closeQueued || !channel.isActive()) {
      frame.release();
      promise.tryFailure(closedException());
      return promise;
    }
    long maskKey = NO_KEY;
    if (maskKeys != null) {
      maskKey = drawMaskKey(frame, promise);
      if (maskKey == NO_KEY) {
        return promise;
      }
    }
    if (frame.opcode() == Opcode.CLOSE) {
      closeQueued = true;
    }
    enqueue(frame, null, promise, maskKey);
    return promise;
  }

  /**
   * Queues a frame that nothing waits on, with the channel's void promise: no promise to allocate
   * and complete per frame. A write that fails fails the connection (through {@code
   * exceptionCaught}, as for any void promise), which the front door reports; a frame that the
   * close handshake overtook while it was queued is dropped quietly.
   *
   * @return false, with the frame released, when the connection is closing ({@link #isClosing()})
   *     or the user's mask-key supplier failed (which also fails the connection with 1011)
   */
  public boolean trySend(Frame frame) {
    if (isClosing()) {
      frame.release();
      return false;
    }
    long maskKey = NO_KEY;
    if (maskKeys != null) {
      // Not the void promise: a supplier's failure is reported through close code 1011 alone.
      maskKey = drawMaskKey(frame, channel.newPromise());
      if (maskKey == NO_KEY) {
        return false;
      }
    }
    enqueue(frame, null, channel.voidPromise(), maskKey);
    return true;
  }

  /**
   * Fails the connection for a violation: a close frame with its code, then TCP close. It takes the
   * send queue like every other outbound frame, so it follows what was sent before it; the
   * connection counts as closing at once, so a close or send made after it cannot overtake it.
   */
  public void fail(ProtocolViolationException violation) {
    closeQueued = true;
    enqueue(null, violation, null, NO_KEY);
  }

  /**
   * Writes at once when on the event loop with nothing queued before it, else queues; then makes
   * sure a drain runs.
   */
  private void enqueue(
      Frame frame, ProtocolViolationException failure, ChannelPromise promise, long maskKey) {
    if (callerDriven != null) {
      // Take the loop's turn when free: the frame is then written and flushed on this thread.
      callerDriven.runAsDriver(() -> enqueueOnLoop(frame, failure, promise, maskKey));
    } else {
      enqueueOnLoop(frame, failure, promise, maskKey);
    }
  }

  private void enqueueOnLoop(
      Frame frame, ProtocolViolationException failure, ChannelPromise promise, long maskKey) {
    if (channel.eventLoop().inEventLoop() && tail == head) {
      // On the event loop (a listener answering a message) with nothing queued before it: write
      // now, skipping the queue, and leave the flush to the drain task, once for the whole batch.
      write(frame, failure, promise, maskKey);
    } else {
      QUEUED_BYTES.addAndGet(this, length(frame));
      PendingWrite w = new PendingWrite(frame, failure, promise, maskKey);
      TAIL.getAndSet(this, w).next = w;
    }
    if (drainScheduled == 0 && DRAIN_SCHEDULED.compareAndSet(this, 0, 1)) {
      channel.eventLoop().execute(drainTask);
    }
  }

  private static int length(Frame frame) {
    return frame == null ? 0 : frame.length();
  }

  /**
   * Queues a frame with no interest in its completion; failures surface on the next call.
   *
   * @throws WebSocketException when the user's mask-key supplier fails: nothing was queued and the
   *     connection is failed with 1011
   */
  public void send(Frame frame) throws WebSocketException {
    if (maskKeys == null) {
      send(frame, channel.voidPromise());
      return;
    }
    ChannelFuture sent = send(frame, channel.newPromise());
    if (sent.cause() instanceof SuppliedMaskKeys.Failure) {
      throw (SuppliedMaskKeys.Failure) sent.cause();
    }
  }

  /**
   * Draws the frame's mask key from the user's supplier on this thread; when it fails, drops the
   * frame, fails the promise, fails the connection with 1011 and returns {@link #NO_KEY}.
   */
  private long drawMaskKey(Frame frame, ChannelPromise promise) {
    try {
      return maskKeys.draw() & 0xFFFF_FFFFL;
    } catch (SuppliedMaskKeys.Failure e) {
      frame.release();
      promise.tryFailure(e);
      fail(
          new ProtocolViolationException(
              CloseStatus.UNEXPECTED_CONDITION, "Mask key supplier failed", e));
      return NO_KEY;
    }
  }

  /** A fresh promise for {@link #send(Frame, ChannelPromise)}. */
  public ChannelPromise newPromise() {
    return channel.newPromise();
  }

  /**
   * Bytes waiting to be written: in this connection's queue and in the channel's outbound buffer.
   */
  public long pendingBytes() {
    io.netty.channel.ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    return queuedBytes + (buffer == null ? 0 : buffer.totalPendingWriteBytes());
  }

  /**
   * The limit on {@link #pendingBytes()} beyond which sends wait (blocking) or are refused (async).
   */
  public long sendBufferBytes() {
    return sendBufferBytes;
  }

  /**
   * Whether sending may go on without waiting: the socket's buffer and this queue are under their
   * limits.
   */
  public boolean isWritable() {
    return queuedBytes < sendBufferBytes && channel.isWritable();
  }

  /**
   * Waits until {@link #isWritable()} or the deadline, parked on a lock's condition (never in a
   * monitor, so a waiting virtual thread does not pin its carrier).
   *
   * @return true if writable (or closed: the send then fails with its own error)
   */
  public boolean awaitWritable(long timeoutNanos) throws InterruptedException {
    if (callerDriven != null) {
      return callerDriven.awaitUntil(() -> isWritable() || !channel.isActive(), timeoutNanos);
    }
    long deadline = System.nanoTime() + timeoutNanos;
    Waiters w = waiters();
    w.lock.lockInterruptibly();
    try {
      while (!isWritable() && channel.isActive()) {
        long left = deadline - System.nanoTime();
        if (timeoutNanos >= 0 && left <= 0) {
          return false;
        }
        // The event loop signals writability changes; the bound covers the send queue draining,
        // which does not signal.
        w.writable.awaitNanos(timeoutNanos < 0 ? MAX_WAIT_NANOS : Math.min(MAX_WAIT_NANOS, left));
      }
      return true;
    } finally {
      w.lock.unlock();
    }
  }

  /** Wakes the senders waiting for writability, if any ever waited. */
  void signalWritable() {
    Waiters w = waiters;
    if (w != null) {
      w.lock.lock();
      try {
        w.writable.signalAll();
      } finally {
        w.lock.unlock();
      }
    }
  }

  private Waiters waiters() {
    Waiters w = waiters;
    if (w == null) {
      WAITERS.compareAndSet(this, null, new Waiters());
      w = waiters;
    }
    return w;
  }

  /**
   * Waits until TCP is closed or the time is up, parked on a future (Netty's own await waits in a
   * monitor).
   *
   * @return true when closed in time
   */
  public boolean awaitClosed(long timeoutNanos) throws InterruptedException {
    if (callerDriven != null) {
      return callerDriven.awaitUntil(channel.closeFuture()::isDone, timeoutNanos);
    }
    CompletableFuture<Void> closed = new CompletableFuture<>();
    channel.closeFuture().addListener(f -> closed.complete(null));
    try {
      closed.get(timeoutNanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("never completed exceptionally", e);
    }
  }

  /** Starts the close handshake with {@code status} and {@code reason}; returns at once. */
  public void close(int status, String reason) {
    Frame frame =
        status == CloseStatus.STATUS_NOT_AVAILABLE ? Frame.close() : Frame.close(status, reason);
    send(frame, channel.newPromise());
  }

  /** Closes TCP at once, without a close frame. */
  public ChannelFuture abort() {
    return channel.close();
  }

  /** Completes when TCP is closed. */
  public ChannelFuture closeFuture() {
    return channel.closeFuture();
  }

  /** Why reading from the socket may stop; it runs while no reason holds. */
  public enum ReadPause {
    /** The front door holds as much as its receive buffer allows. */
    RECEIVER_FULL,
    /** A pong waits for the outbound buffer to drain below its high-water mark. */
    PONG_PENDING;

    final int bit = 1 << ordinal();
  }

  /** Stops reading from the socket for {@code reason} (on top of any other reason that holds). */
  public void pauseReading(ReadPause reason) {
    int pauses;
    do {
      pauses = readPauses;
      if ((pauses & reason.bit) != 0) {
        return;
      }
    } while (!READ_PAUSES.compareAndSet(this, pauses, pauses | reason.bit));
    applyReading();
  }

  /** Lifts {@code reason}; reading resumes once no reason holds. */
  public void resumeReading(ReadPause reason) {
    int pauses;
    do {
      pauses = readPauses;
      if ((pauses & reason.bit) == 0) {
        return;
      }
    } while (!READ_PAUSES.compareAndSet(this, pauses, pauses & ~reason.bit));
    applyReading();
  }

  /** Whether reading is paused for {@code reason}. */
  public boolean isReadingPaused(ReadPause reason) {
    return (readPauses & reason.bit) != 0;
  }

  /**
   * Sets auto-read from the reasons as they are now. From another thread it is set again on the
   * event loop, from the reasons as they are then: two threads changing reasons at once may set
   * auto-read in the wrong order, and that last pass settles it.
   */
  private void applyReading() {
    channel.config().setAutoRead(readPauses == 0);
    if (!channel.eventLoop().inEventLoop()) {
      channel.eventLoop().execute(applyReadingTask);
    }
  }

  /**
   * Writes what was queued, then flushes once: that also flushes the frames written directly since
   * the last drain.
   */
  private void drain() {
    drainScheduled = 0;
    for (PendingWrite w; (w = poll()) != null; ) {
      Frame frame = w.frame;
      ProtocolViolationException failure = w.failure;
      ChannelPromise promise = w.promise;
      long maskKey = w.maskKey;
      w.clear();
      QUEUED_BYTES.addAndGet(this, -length(frame));
      write(frame, failure, promise, maskKey);
    }
    channel.flush();
  }

  /**
   * The next queued write, or null; on the event loop. A send that swapped the tail but has not
   * linked its node yet is missed here: it schedules the drain after linking, so the next drain
   * takes it.
   */
  private PendingWrite poll() {
    PendingWrite next = head.next;
    if (next != null) {
      head = next;
    }
    return next;
  }

  /**
   * Writes one frame without flushing, or fails the connection; on the event loop. A frame with a
   * key drawn from the user's supplier is encoded with that key: the encoder encodes during the
   * write, and no frame of the client's own takes the key meanwhile.
   */
  private void write(
      Frame frame, ProtocolViolationException failure, ChannelPromise promise, long maskKey) {
    if (maskKey == NO_KEY) {
      write(frame, failure, promise);
      return;
    }
    maskKeys.prime((int) maskKey);
    try {
      write(frame, failure, promise);
    } finally {
      maskKeys.unprime();
    }
  }

  private void write(Frame frame, ProtocolViolationException failure, ChannelPromise promise) {
    if (failure != null) {
      protocol.fail(failure);
    } else if (frame.opcode() == Opcode.CLOSE) {
      protocol.sendClose(frame, promise);
    } else if (protocol.closeStarted()) {
      frame.release();
      // A frame that nothing waits on is dropped quietly: failing the void promise would fire
      // exceptionCaught, which reports an error and closes TCP in the middle of the close
      // handshake.
      if (!promise.isVoid()) {
        promise.tryFailure(closedException());
      }
    } else {
      channel.write(frame, promise);
    }
  }

  void failQueued() {
    for (PendingWrite w; (w = poll()) != null; ) {
      Frame frame = w.frame;
      ChannelPromise promise = w.promise;
      w.clear();
      if (frame != null) {
        QUEUED_BYTES.addAndGet(this, -frame.length());
        frame.release();
        promise.tryFailure(closedException());
      }
    }
    signalWritable();
  }

  /** How the close handshake went so far. */
  public CloseOutcome closeOutcome() {
    return protocol.outcome();
  }

  /** The exception for a send refused because the connection is closing or closed. */
  WebSocketConnectionClosedException closedException() {
    CloseOutcome outcome = protocol.outcome();
    if (outcome.sent() == null && outcome.received() == null && channel.isActive()) {
      return new WebSocketConnectionClosedException("Connection is closing");
    }
    return outcome.exception();
  }

  /** Where blocked senders wait for writability. */
  private static final class Waiters {
    final ReentrantLock lock = new ReentrantLock();
    final Condition writable = lock.newCondition();
  }

  /**
   * A queued frame and its promise, or a failure (frame and promise null); once taken, the node
   * stays on as the queue's stub.
   */
  private static final class PendingWrite {
    Frame frame;
    ProtocolViolationException failure;
    ChannelPromise promise;

    /** The key drawn from the user's supplier for the frame, or {@link #NO_KEY}. */
    long maskKey;

    volatile PendingWrite next;

    PendingWrite(
        Frame frame, ProtocolViolationException failure, ChannelPromise promise, long maskKey) {
      this.frame = frame;
      this.failure = failure;
      this.promise = promise;
      this.maskKey = maskKey;
    }

    /** Lets go of what was taken from this node, which lives on as the stub. */
    void clear() {
      frame = null;
      failure = null;
      promise = null;
    }
  }
}
