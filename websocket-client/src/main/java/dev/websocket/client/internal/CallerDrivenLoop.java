package dev.websocket.client.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * An event loop with no thread of its own, for one blocking WebSocket: the thread that waits in the
 * WebSocket (to receive, to send under backpressure, to connect or to close) runs the loop's I/O
 * and tasks itself while it waits, and a send writes and flushes on the sender's thread. A round
 * trip then wakes one thread, the caller, from its wait on the socket, as with Python's library,
 * instead of three (the event loop for the write, the event loop for the read, the caller for the
 * message).
 *
 * <p>One thread drives at a time: it holds the turn. A thread that needs the loop while another
 * drives waits for its own condition, re-checked each time the driver has run the loop once, or for
 * the turn to end; work queued by a thread that found the turn taken is run by the driver, woken by
 * Netty's {@link IoHandler#wakeup()}, or by the next thread to take the turn. While no thread waits
 * in the WebSocket, the {@link IdleLoopSweeper} runs the loop twice a second without waiting, so
 * pings are answered and a close is seen.
 *
 * <p>Netty's epoll and NIO handlers allow the thread that runs them to change between runs ({@link
 * IoHandlerFactory#isChangingThreadSupported()}); {@link #inEventLoop(Thread)} names the driver.
 */
public final class CallerDrivenLoop extends AbstractScheduledEventExecutor implements IoEventLoop {

  /**
   * The longest one wait on the socket lasts, so that an interrupt or a waiter's deadline is seen;
   * a wait for ever keeps the same deadline across runs (the handler does not re-arm its timer).
   */
  private static final long SLICE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final int OPEN = 0;
  private static final int SHUTTING_DOWN = 1;
  private static final int TERMINATED = 2;

  private static final AtomicReferenceFieldUpdater<CallerDrivenLoop, Thread> DRIVER =
      AtomicReferenceFieldUpdater.newUpdater(CallerDrivenLoop.class, Thread.class, "driver");

  private final IoHandler handler;
  private final Queue<Runnable> tasks = PlatformDependent.newMpscQueue();
  private final Promise<Void> termination = new DefaultPromise<>(GlobalEventExecutor.INSTANCE);

  /** The thread that holds the turn, or null. */
  private volatile Thread driver;

  private volatile int state = OPEN;

  /** Where threads wait while another drives; signalled after each run and at the turn's end. */
  private final ReentrantLock waitLock = new ReentrantLock();

  private final Condition progressed = waitLock.newCondition();

  /** Threads waiting on {@link #progressed}; written under {@link #waitLock}. */
  private volatile int waiting;

  private final BlockingContext blockingContext = new BlockingContext();
  private final IoHandlerContext nonBlockingContext = new NonBlockingContext();
  private boolean initialized;

  /**
   * The end of the current slice, kept across waits (by the driver) so that consecutive waits on
   * the socket share one deadline and the handler does not re-arm its timer for each.
   */
  private long sliceDeadline = System.nanoTime();

  private CallerDrivenLoop(IoHandlerFactory factory) {
    this.handler = factory.newHandler(this);
  }

  /** A loop with the process's transport: epoll where available, else NIO. */
  public static CallerDrivenLoop create() {
    CallerDrivenLoop loop =
        new CallerDrivenLoop(
            Transports.epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    IdleLoopSweeper.add(loop);
    return loop;
  }

  /** Runs what is ready, without waiting on the socket, unless another thread drives. */
  void runIfIdle() {
    if (state == TERMINATED || !tryTakeTurn()) {
      return;
    }
    try {
      initialize();
      if (state == OPEN) {
        handler.run(nonBlockingContext);
      }
      runTasks();
      if (state == SHUTTING_DOWN) {
        destroy();
      }
    } finally {
      endTurn();
    }
  }

  // ---------------------------------------------------------------- driving

  /**
   * Runs the loop on this thread until {@code ready} holds or the time is up; while another thread
   * drives, waits for it instead, checking {@code ready} after each of its runs.
   *
   * @param timeoutNanos how long to wait; negative for ever
   * @return whether {@code ready} held in time
   * @throws InterruptedException when interrupted (seen within {@link #SLICE_NANOS} while waiting
   *     on the socket)
   */
  public boolean awaitUntil(BooleanSupplier ready, long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (!ready.getAsBoolean()) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      long now = System.nanoTime();
      if (timeoutNanos >= 0 && deadline - now <= 0) {
        return false;
      }
      if (state == TERMINATED) {
        // Nothing will ever happen here again: whatever was awaited is not coming.
        return ready.getAsBoolean();
      }
      if (tryTakeTurn()) {
        try {
          if (sliceDeadline - now <= 0) {
            sliceDeadline = now + SLICE_NANOS;
          }
          runOnce(timeoutNanos < 0 || sliceDeadline - deadline < 0 ? sliceDeadline : deadline);
        } finally {
          endTurn();
        }
      } else {
        waitForDriver(timeoutNanos < 0 ? SLICE_NANOS : Math.min(SLICE_NANOS, deadline - now));
      }
    }
    return true;
  }

  /**
   * Runs {@code action} holding the turn when it is free, then the tasks it queued (a send's write
   * and flush happen on this thread); when another thread drives, runs {@code action} without the
   * turn, and what it queues wakes the driver.
   */
  public void runAsDriver(Runnable action) {
    if (inEventLoop()) {
      action.run();
      return;
    }
    if (tryTakeTurn()) {
      try {
        action.run();
        runTasksOnly();
      } finally {
        endTurn();
      }
      return;
    }
    action.run();
    if (tryTakeTurn()) {
      // The driver left between the two: run what the action queued rather than leave it waiting.
      try {
        runTasksOnly();
      } finally {
        endTurn();
      }
    }
  }

  private boolean tryTakeTurn() {
    Thread current = Thread.currentThread();
    return driver == null && DRIVER.compareAndSet(this, null, current);
  }

  private void endTurn() {
    while (true) {
      driver = null;
      signalWaiters();
      // A task queued by a thread that found the turn taken, after this driver's last run: run it.
      if (tasks.isEmpty() || !tryTakeTurn()) {
        return;
      }
      try {
        runTasksOnly();
      } catch (RuntimeException | Error e) {
        driver = null;
        throw e;
      }
    }
  }

  private void waitForDriver(long nanos) throws InterruptedException {
    waitLock.lockInterruptibly();
    try {
      waiting++;
      try {
        if (driver != null) {
          progressed.awaitNanos(nanos);
        }
      } finally {
        waiting--;
      }
    } finally {
      waitLock.unlock();
    }
  }

  private void signalWaiters() {
    if (waiting > 0) {
      waitLock.lock();
      try {
        progressed.signalAll();
      } finally {
        waitLock.unlock();
      }
    }
  }

  /** One pass of I/O (waiting on the socket until {@code deadlineNanos}) and tasks; as driver. */
  private void runOnce(long deadlineNanos) {
    if (state == TERMINATED) {
      return;
    }
    initialize();
    if (state == SHUTTING_DOWN) {
      destroy();
      return;
    }
    blockingContext.deadlineNanos = deadlineNanos;
    handler.run(blockingContext);
    runTasks();
    if (state == SHUTTING_DOWN) {
      destroy();
    }
    signalWaiters();
  }

  /** Runs the queued tasks without polling the socket; as driver. */
  private void runTasksOnly() {
    if (state == TERMINATED) {
      runTasks();
      return;
    }
    initialize();
    runTasks();
    if (state == SHUTTING_DOWN) {
      // A task shut the loop down: finish it now, while this thread drives.
      destroy();
    }
  }

  private void initialize() {
    if (!initialized) {
      initialized = true;
      handler.initialize();
    }
  }

  private void runTasks() {
    fetchFromScheduledTaskQueue(tasks);
    for (Runnable task; (task = tasks.poll()) != null; ) {
      safeExecute(task);
    }
  }

  /** Closes what is still registered, lets the closes run, and frees the handler's descriptors. */
  private void destroy() {
    handler.prepareToDestroy();
    runTasks();
    handler.destroy();
    state = TERMINATED;
    cancelScheduledTasks();
    for (Runnable task; (task = tasks.poll()) != null; ) {
      safeExecute(task);
    }
    IdleLoopSweeper.remove(this);
    termination.trySuccess(null);
  }

  // ---------------------------------------------------------------- EventExecutor

  @Override
  public boolean inEventLoop(Thread thread) {
    return driver == thread;
  }

  /**
   * Queues a task for the driver, waking it when it waits on the socket. Once the loop has ended
   * (its channels closed), tasks still arriving, such as a send that raced a close, run on the
   * calling thread as soon as it can take the turn, so that what they hold is released.
   */
  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (state == TERMINATED) {
      if (tryTakeTurn()) {
        try {
          runTasks();
        } finally {
          endTurn();
        }
      }
    } else if (!inEventLoop()) {
      handler.wakeup();
    }
  }

  @Override
  public boolean isShuttingDown() {
    return state != OPEN;
  }

  @Override
  public boolean isShutdown() {
    return state != OPEN;
  }

  @Override
  public boolean isTerminated() {
    return state == TERMINATED;
  }

  /**
   * Marks the loop for shutting down; the thread that drives it next (or now) closes what is still
   * registered and frees the handler.
   */
  @Override
  public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
    if (state == OPEN) {
      state = SHUTTING_DOWN;
      handler.wakeup();
    }
    return termination;
  }

  @Override
  @Deprecated
  public void shutdown() {
    shutdownGracefully(0, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public Future<?> terminationFuture() {
    return termination;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return awaitUntil(this::isTerminated, unit.toNanos(timeout));
  }

  /**
   * Shuts the loop down and drives it to its end on this thread (waiting for the turn while another
   * thread drives), within {@code timeoutNanos}.
   */
  public void terminate(long timeoutNanos) throws InterruptedException {
    shutdownGracefully(0, 0, TimeUnit.NANOSECONDS);
    awaitUntil(this::isTerminated, timeoutNanos);
  }

  // ---------------------------------------------------------------- IoEventLoop

  @Override
  public CallerDrivenLoop next() {
    return this;
  }

  @Override
  public IoEventLoopGroup parent() {
    return null;
  }

  @Override
  public ChannelFuture register(Channel channel) {
    return register(new DefaultChannelPromise(channel, this));
  }

  @Override
  public ChannelFuture register(ChannelPromise promise) {
    promise.channel().unsafe().register(this, promise);
    return promise;
  }

  @Override
  @Deprecated
  public ChannelFuture register(Channel channel, ChannelPromise promise) {
    channel.unsafe().register(this, promise);
    return promise;
  }

  @Override
  public Future<IoRegistration> register(IoHandle handle) {
    Promise<IoRegistration> promise = newPromise();
    Runnable register =
        () -> {
          try {
            promise.setSuccess(handler.register(handle));
          } catch (Exception e) {
            promise.setFailure(e);
          }
        };
    if (inEventLoop()) {
      register.run();
    } else {
      execute(register);
    }
    return promise;
  }

  @Override
  public boolean isCompatible(Class<? extends IoHandle> handleType) {
    return handler.isCompatible(handleType);
  }

  @Override
  public boolean isIoType(Class<? extends IoHandler> handlerType) {
    return handler.getClass().equals(handlerType);
  }

  // ---------------------------------------------------------------- handler contexts

  /** Waits on the socket until the deadline or the next scheduled task, unless work is queued. */
  private final class BlockingContext implements IoHandlerContext {
    long deadlineNanos;

    @Override
    public boolean canBlock() {
      return tasks.isEmpty() && !hasScheduledTasks() && state == OPEN;
    }

    @Override
    public long delayNanos(long currentTimeNanos) {
      return Math.max(0, deadlineNanos() - currentTimeNanos);
    }

    @Override
    public long deadlineNanos() {
      long next = nextScheduledTaskDeadlineNanos();
      return next != -1 && next - deadlineNanos < 0 ? next : deadlineNanos;
    }
  }

  /** Polls the socket without waiting. */
  private static final class NonBlockingContext implements IoHandlerContext {
    @Override
    public boolean canBlock() {
      return false;
    }

    @Override
    public long delayNanos(long currentTimeNanos) {
      return 0;
    }

    @Override
    public long deadlineNanos() {
      return -1;
    }
  }
}
