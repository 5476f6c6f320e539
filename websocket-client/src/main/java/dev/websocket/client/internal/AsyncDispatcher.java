package dev.websocket.client.internal;

import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Frame;
import dev.websocket.codec.MessageAssembler;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.ProtocolViolationException;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.EventExecutor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * The async front door's side of a {@link Connection}: turns frames into listener events, holds them
 * while the application's demand is zero (and stops reading from the socket meanwhile), and runs
 * them one at a time, in order, on the event loop or on the user's executor.
 *
 * <p>All state is touched on the connection's event loop; {@link #request} hops onto it.
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

  private final boolean streaming;
  private final Events events;
  private final SerialExecutor executor;
  private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
  private Connection connection;
  private EventExecutor loop;
  private MessageAssembler assembler;
  private long demand;
  private boolean reading = true;

  /**
   * A dispatcher.
   *
   * @param streaming deliver fragments one by one instead of whole messages
   * @param userExecutor where listener callbacks run, or null for the event loop
   */
  public AsyncDispatcher(boolean streaming, Events events, Executor userExecutor) {
    this.streaming = streaming;
    this.events = events;
    this.executor = userExecutor == null ? null : new SerialExecutor(userExecutor);
  }

  /** Binds the connection; called on its event loop before any frame. */
  public void bind(Connection connection) {
    this.connection = connection;
    this.loop = connection.channel().eventLoop();
    this.assembler = new MessageAssembler(connection.channel().alloc());
  }

  /** Runs a callback in order with the events (for onOpen), from any thread. */
  public void run(Runnable callback) {
    loop.execute(() -> dispatch(callback));
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
    while (!pending.isEmpty() && (demand > 0 || !(pending.peek() instanceof Demanding))) {
      Runnable event = pending.poll();
      if (event instanceof Demanding) {
        demand--;
      }
      dispatch(event);
    }
    boolean shouldRead = pending.isEmpty() && demand > 0;
    if (shouldRead != reading) {
      reading = shouldRead;
      connection.setReading(shouldRead);
    }
  }

  private void offer(Runnable event) {
    pending.add(event);
    drainPending();
  }

  private void dispatch(Runnable event) {
    if (executor == null) {
      event.run();
    } else {
      executor.execute(event);
    }
  }

  @Override
  public void onFrame(Frame frame) {
    try {
      switch (frame.opcode()) {
        case PING:
        case PONG:
          ByteBuffer payload = copy(frame);
          Opcode opcode = frame.opcode();
          offer(new Demanding(() -> events.control(opcode, payload)));
          break;
        case CLOSE:
          break; // reported through onClosed with its status and reason
        default:
          onData(frame.retain());
      }
    } finally {
      frame.release();
    }
  }

  private void onData(Frame frame) {
    if (streaming) {
      ByteBuffer data = copy(frame);
      Opcode opcode = frame.opcode();
      boolean last = frame.isFinal();
      frame.release();
      offer(new Demanding(() -> events.message(opcode, data, last, false)));
      return;
    }
    Frame whole = assembler.add(frame);
    if (whole != null) {
      ByteBuffer data = copy(whole);
      Opcode opcode = whole.opcode();
      whole.release();
      offer(new Demanding(() -> events.message(opcode, data, true, true)));
    }
  }

  @Override
  public void onViolation(ProtocolViolationException violation) {
    assembler.discard();
    // In wire order: the connection fails with the code once the events before it are delivered.
    offer(() -> {
      connection.fail(violation);
      events.error(violation);
    });
  }

  @Override
  public void onError(Throwable cause) {
    offer(() -> events.error(cause));
  }

  @Override
  public void onClosed(CloseOutcome outcome) {
    assembler.discard();
    offer(() -> events.closed(outcome.status(), outcome.reason()));
  }

  @Override
  public void onWritable() {
    dispatch(events::writable);
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

  /** Decodes a text payload. */
  public static String text(ByteBuffer data) {
    return StandardCharsets.UTF_8.decode(data.duplicate()).toString();
  }

  /** An event that uses one unit of demand. */
  private static final class Demanding implements Runnable {
    private final Runnable event;

    Demanding(Runnable event) {
      this.event = event;
    }

    @Override
    public void run() {
      event.run();
    }
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
