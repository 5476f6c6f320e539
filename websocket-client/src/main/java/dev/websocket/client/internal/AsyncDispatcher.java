package dev.websocket.client.internal;

import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Frame;
import dev.websocket.codec.MessageAssembler;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.ProtocolViolationException;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.EventExecutor;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The async front door's side of a {@link Connection}: turns frames into listener events, holds
 * them while the application's demand is zero, and runs them one at a time, in order, on the event
 * loop or on the user's executor.
 *
 * <p>Reading from the socket stops while events wait for demand, and while the events held (waiting
 * here or handed to the executor and not yet run) cost more than the receive buffer: each costs its
 * payload plus {@link InboundQueue#FRAME_OVERHEAD_BYTES}, so a flood of empty frames is bounded
 * too. Reading resumes once they cost half of it.
 *
 * <p>Threads: every field but {@code heldBytes} is touched on the connection's event loop only;
 * {@link #request} and {@link #run} hop onto it. {@code heldBytes} is also lowered by the user's
 * executor as it runs events.
 */
public final class AsyncDispatcher implements ConnectionListener {

  /** What the dispatcher calls; implemented by the public handle over the user's listener. */
  public interface Events {
    /** A whole message, or a fragment when streaming. */
    void message(Opcode opcode, ByteBuffer data, boolean last, boolean whole);

    /** A ping (already answered) or a pong. */
    void control(Opcode opcode, ByteBuffer payload);

    /** A violation, an I/O error. */
    void error(Throwable error);

    /** The end. */
    void closed(int status, String reason);

    /** The send queue drained. */
    void writable();
  }

  /** An event held for the listener, in wire order. */
  private sealed interface Event {
    /** Whether delivering it uses one unit of the listener's demand. */
    default boolean usesDemand() {
      return false;
    }

    /** What it holds in memory, counted against the receive buffer. */
    default long cost() {
      return 0;
    }
  }

  /** An event for the listener's demand, holding a copy of its payload. */
  private sealed interface DemandingEvent extends Event {
    ByteBuffer payload();

    @Override
    default boolean usesDemand() {
      return true;
    }

    @Override
    default long cost() {
      return (long) payload().capacity() + InboundQueue.FRAME_OVERHEAD_BYTES;
    }
  }

  /** A whole message, or a fragment when streaming. */
  private record MessageEvent(Opcode opcode, ByteBuffer payload, boolean last, boolean whole)
      implements DemandingEvent {}

  /** A ping or a pong. */
  private record ControlEvent(Opcode opcode, ByteBuffer payload) implements DemandingEvent {}

  /** The server broke the protocol: the connection fails with its code when this is delivered. */
  private record ViolationEvent(ProtocolViolationException violation) implements Event {}

  /** An I/O failure. */
  private record ErrorEvent(Throwable cause) implements Event {}

  /** The end. */
  private record ClosedEvent(CloseOutcome outcome) implements Event {}

  /** A callback of the handle's, run in order with the events (onOpen). */
  private record CallbackEvent(Runnable callback) implements Event {}

  private final boolean streaming;
  private final Events events;
  private final SerialExecutor executor;
  private final long limitBytes;
  private final ArrayDeque<Event> pending = new ArrayDeque<>();

  /** The cost of the events waiting here or handed to the executor and not yet run. */
  private final AtomicLong heldBytes = new AtomicLong();

  private Connection connection;
  private EventExecutor loop;
  private MessageAssembler assembler;
  private long demand;

  /** Set past the limit, cleared at half of it. */
  private boolean full;

  /**
   * A dispatcher.
   *
   * @param streaming deliver fragments one by one instead of whole messages
   * @param userExecutor where listener callbacks run, or null for the event loop
   * @param limitBytes the receive buffer: the cost of held events beyond which reading stops
   */
  public AsyncDispatcher(boolean streaming, Events events, Executor userExecutor, long limitBytes) {
    this.streaming = streaming;
    this.events = events;
    this.executor = userExecutor == null ? null : new SerialExecutor(userExecutor);
    this.limitBytes = limitBytes;
  }

  /** Binds the connection; called on its event loop before any frame. */
  public void bind(Connection connection) {
    this.connection = connection;
    this.loop = connection.channel().eventLoop();
    this.assembler = new MessageAssembler(connection.channel().alloc());
  }

  /** Runs a callback in order with the events (for onOpen), from any thread. */
  public void run(Runnable callback) {
    loop.execute(() -> dispatch(new CallbackEvent(callback)));
  }

  /** Adds demand for {@code n} more events; from any thread. */
  public void request(long n) {
    if (n <= 0) {
      throw new IllegalArgumentException("request(n) needs n > 0: " + n);
    }
    if (loop.inEventLoop()) {
      addDemand(n);
    } else {
      loop.execute(() -> addDemand(n));
    }
  }

  private void addDemand(long n) {
    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
    drainPending();
  }

  private void drainPending() {
    while (!pending.isEmpty() && (demand > 0 || !pending.peek().usesDemand())) {
      Event event = pending.poll();
      if (event.usesDemand()) {
        demand--;
      }
      dispatch(event);
    }
    updateReading();
  }

  /** Reads while there is demand, nothing waits for it, and what is held is under the limit. */
  private void updateReading() {
    long held = heldBytes.get();
    if (held > limitBytes) {
      full = true;
    } else if (held <= limitBytes / 2) {
      full = false;
    }
    if (pending.isEmpty() && demand > 0 && !full) {
      connection.resumeReading(Connection.ReadPause.RECEIVER_FULL);
    } else {
      connection.pauseReading(Connection.ReadPause.RECEIVER_FULL);
    }
  }

  private void offer(Event event) {
    heldBytes.addAndGet(event.cost());
    pending.add(event);
    drainPending();
  }

  private void dispatch(Event event) {
    if (executor == null) {
      deliver(event);
    } else {
      executor.execute(() -> deliver(event));
    }
  }

  /** Calls the listener for one event; on the event loop or the user's executor. */
  private void deliver(Event event) {
    try {
      if (event instanceof MessageEvent m) {
        events.message(m.opcode(), m.payload(), m.last(), m.whole());
      } else if (event instanceof ControlEvent c) {
        events.control(c.opcode(), c.payload());
      } else if (event instanceof ViolationEvent v) {
        // In wire order: the connection fails with the code once the events before it are
        // delivered.
        connection.fail(v.violation());
        events.error(v.violation());
      } else if (event instanceof ErrorEvent e) {
        events.error(e.cause());
      } else if (event instanceof ClosedEvent c) {
        events.closed(c.outcome().status(), c.outcome().reason());
      } else if (event instanceof CallbackEvent c) {
        c.callback().run();
      }
    } finally {
      release(event.cost());
    }
  }

  /**
   * Lowers the held cost after an event ran; resumes reading from the loop when it fell to half.
   */
  private void release(long cost) {
    if (cost == 0) {
      return;
    }
    long held = heldBytes.addAndGet(-cost);
    if (held <= limitBytes / 2 && held + cost > limitBytes / 2) {
      if (loop.inEventLoop()) {
        updateReading();
      } else {
        loop.execute(this::updateReading);
      }
    }
  }

  @Override
  public void onFrame(Frame frame) {
    try {
      switch (frame.opcode()) {
        case PING, PONG -> offer(new ControlEvent(frame.opcode(), copy(frame)));
        case CLOSE -> {
          // reported through onClosed with its status and reason
        }
        default -> {
          if (!streaming && frame.isFinal() && !assembler.inProgress()) {
            // A whole message in one frame, the usual case: copied straight from the frame.
            // (A CONTINUATION here is the assembler's to reject.)
            if (frame.opcode() != Opcode.CONTINUATION) {
              onWholeMessage(frame.opcode(), copy(frame));
              return;
            }
          }
          onData(frame.retain());
        }
      }
    } finally {
      frame.release();
    }
  }

  /**
   * Delivers a whole message at once when nothing waits before it, there is demand and the listener
   * runs on the event loop: nothing is held, so there is no cost to count and no queue to pass
   * through. Else it queues like any other event.
   */
  private void onWholeMessage(Opcode opcode, ByteBuffer payload) {
    if (executor != null || !pending.isEmpty() || demand <= 0 || full) {
      offer(new MessageEvent(opcode, payload, true, true));
      return;
    }
    demand--;
    try {
      events.message(opcode, payload, true, true);
    } finally {
      if (demand == 0) {
        updateReading();
      }
    }
  }

  private void onData(Frame frame) {
    if (streaming) {
      try {
        offer(new MessageEvent(frame.opcode(), copy(frame), frame.isFinal(), false));
      } finally {
        frame.release();
      }
      return;
    }
    Frame whole = assembler.add(frame);
    if (whole != null) {
      try {
        offer(new MessageEvent(whole.opcode(), copy(whole), true, true));
      } finally {
        whole.release();
      }
    }
  }

  @Override
  public void onViolation(ProtocolViolationException violation) {
    assembler.discard();
    offer(new ViolationEvent(violation));
  }

  @Override
  public void onError(Throwable cause) {
    offer(new ErrorEvent(cause));
  }

  @Override
  public void onClosed(CloseOutcome outcome) {
    assembler.discard();
    offer(new ClosedEvent(outcome));
  }

  @Override
  public void onWritable() {
    if (executor == null) {
      events.writable();
    } else {
      executor.execute(events::writable);
    }
  }

  /** Fails the connection with 1011 after a callback threw. */
  public void internalError() {
    if (connection.isOpen()) {
      connection.close(CloseStatus.UNEXPECTED_CONDITION, "listener failed");
    }
  }

  private static ByteBuffer copy(Frame frame) {
    return ByteBuffer.wrap(ByteBufUtil.getBytes(frame.payload()));
  }

  /** Runs tasks one at a time, in order, on another executor. */
  private static final class SerialExecutor implements Executor {
    private final Executor delegate;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor delegate) {
      this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
      synchronized (tasks) {
        tasks.add(task);
        if (running) {
          return;
        }
        running = true;
      }
      delegate.execute(this::drain);
    }

    private void drain() {
      while (true) {
        Runnable task;
        synchronized (tasks) {
          task = tasks.poll();
          if (task == null) {
            running = false;
            return;
          }
        }
        task.run();
      }
    }
  }
}
