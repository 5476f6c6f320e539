package dev.websocket.client.internal;

import dev.websocket.client.WebSocketConnectionClosedException;
import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.ProtocolViolationException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.util.internal.PlatformDependent;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One upgraded WebSocket connection: the core that the blocking {@code WebSocket}, the callback
 * {@code WebSocketApp} and the async handle all stand on. It sends frames from any thread, runs the
 * close handshake, and hands received frames to one {@link ConnectionListener}.
 *
 * <p>Sends from other threads are queued and written by one task on the event loop, which flushes
 * once per batch: many small messages cost one system call, not one each. Sends made on the event
 * loop itself, with nothing queued, are written at once and flushed by the same task. Frames never
 * interleave: each is one write.
 */
public final class Connection {

  private final Channel channel;
  private final HandshakeResponse handshake;
  private final Duration closeTimeout;
  private final long sendBufferBytes;
  private final ProtocolHandler protocol;

  /**
   * Slots per chunk of the send queue. It is usually near empty, and Netty's default chunk of 1024
   * slots cost every idle connection 4 KiB of heap; a burst just links more chunks.
   */
  private static final int QUEUE_CHUNK = 32;
  /** Effectively unbounded: the send buffer limit bounds the queue in bytes long before this. */
  private static final int QUEUE_MAX = 1 << 30;

  private final Queue<PendingWrite> outbound = PlatformDependent.newMpscQueue(QUEUE_CHUNK, QUEUE_MAX);
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final Runnable drainTask = this::drain;
  private final Object writability = new Object();

  /** Set once a close frame was queued: later sends fail fast. */
  private volatile boolean closeQueued;

  Connection(Channel channel, HandshakeResponse handshake, Duration closeTimeout, long sendBufferBytes, ProtocolHandler protocol) {
    this.channel = channel;
    this.handshake = handshake;
    this.closeTimeout = closeTimeout;
    this.sendBufferBytes = sendBufferBytes;
    this.protocol = protocol;
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

  /** Whether frames may still be sent: open, and no close sent. */
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
   * @param promise completed when the frame's bytes are written to the socket
   * @return the promise
   */
  public ChannelFuture send(Frame frame, ChannelPromise promise) {
    if (closeQueued || !channel.isActive()) {
      frame.release();
      promise.tryFailure(closedException());
      return promise;
    }
    if (frame.opcode() == Opcode.CLOSE) {
      closeQueued = true;
    }
    if (channel.eventLoop().inEventLoop() && outbound.isEmpty()) {
      // On the event loop (a listener answering a message) with nothing queued before it: write
      // now, skipping the queue, and leave the flush to the drain task, once for the whole batch.
      write(frame, promise);
    } else {
      queuedBytes.addAndGet(frame.length());
      outbound.add(new PendingWrite(frame, promise));
    }
    if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(drainTask);
    }
    return promise;
  }

  /** Queues a frame with no interest in its completion; failures surface on the next call. */
  public void send(Frame frame) {
    send(frame, channel.voidPromise());
  }

  /** A fresh promise for {@link #send(Frame, ChannelPromise)}. */
  public ChannelPromise newPromise() {
    return channel.newPromise();
  }

  /** Bytes waiting to be written: in this connection's queue and in the channel's outbound buffer. */
  public long pendingBytes() {
    io.netty.channel.ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    return queuedBytes.get() + (buffer == null ? 0 : buffer.totalPendingWriteBytes());
  }

  /** The limit on {@link #pendingBytes()} beyond which sends wait (blocking) or are refused (async). */
  public long sendBufferBytes() {
    return sendBufferBytes;
  }

  /** Whether sending may go on without waiting: the socket's buffer and this queue are under their limits. */
  public boolean isWritable() {
    return queuedBytes.get() < sendBufferBytes && channel.isWritable();
  }

  /**
   * Waits until {@link #isWritable()} or the deadline.
   *
   * @return true if writable (or closed: the send then fails with its own error)
   */
  public boolean awaitWritable(long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    synchronized (writability) {
      while (!isWritable() && channel.isActive()) {
        long left = deadline - System.nanoTime();
        if (timeoutNanos >= 0 && left <= 0) {
          return false;
        }
        // The event loop notifies on writability changes; the bound covers a missed notify.
        long waitMillis = timeoutNanos < 0 ? 100 : Math.max(1, Math.min(100, left / 1_000_000));
        writability.wait(waitMillis);
      }
      return true;
    }
  }

  void signalWritable() {
    synchronized (writability) {
      writability.notifyAll();
    }
  }

  /** Starts the close handshake with {@code status} and {@code reason}; returns at once. */
  public void close(int status, String reason) {
    Frame frame = status == CloseStatus.STATUS_NOT_AVAILABLE ? Frame.close() : Frame.close(status, reason);
    send(frame, channel.newPromise());
  }

  /** Fails the connection for a violation: a close frame with its code, then TCP close. */
  public void fail(ProtocolViolationException violation) {
    channel.eventLoop().execute(() -> protocol.fail(violation));
  }

  /** Closes TCP at once, without a close frame. */
  public ChannelFuture abort() {
    return channel.close();
  }

  /** Completes when TCP is closed. */
  public ChannelFuture closeFuture() {
    return channel.closeFuture();
  }

  /** Stops reading from the socket (the reader is full) or resumes. */
  public void setReading(boolean reading) {
    channel.config().setAutoRead(reading);
  }

  /** Writes what was queued, then flushes once: that also flushes the frames written directly since the last drain. */
  private void drain() {
    drainScheduled.set(false);
    for (PendingWrite w; (w = outbound.poll()) != null; ) {
      queuedBytes.addAndGet(-w.frame.length());
      write(w.frame, w.promise);
    }
    channel.flush();
  }

  /** Writes one frame without flushing; on the event loop. */
  private void write(Frame frame, ChannelPromise promise) {
    if (frame.opcode() == Opcode.CLOSE) {
      protocol.sendClose(frame, promise);
    } else if (protocol.closeStarted()) {
      frame.release();
      promise.tryFailure(closedException());
    } else {
      channel.write(frame, promise);
    }
  }

  void failQueued() {
    for (PendingWrite w; (w = outbound.poll()) != null; ) {
      queuedBytes.addAndGet(-w.frame.length());
      w.frame.release();
      w.promise.tryFailure(closedException());
    }
    signalWritable();
  }

  WebSocketConnectionClosedException closedException() {
    ClosePayloadHolder received = protocol.received();
    return received == null
        ? new WebSocketConnectionClosedException("Connection is closed")
        : new WebSocketConnectionClosedException("Connection is closed: " + received.describe(), received.status, received.reason, null);
  }

  private static final class PendingWrite {
    final Frame frame;
    final ChannelPromise promise;

    PendingWrite(Frame frame, ChannelPromise promise) {
      this.frame = frame;
      this.promise = promise;
    }
  }

  /** The server's close status and reason. */
  static final class ClosePayloadHolder {
    final int status;
    final String reason;

    ClosePayloadHolder(int status, String reason) {
      this.status = status;
      this.reason = reason;
    }

    String describe() {
      return reason.isEmpty() ? "status " + status : "status " + status + " " + reason;
    }
  }
}
