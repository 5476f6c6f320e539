package dev.websocket.client;

import dev.websocket.client.internal.WebSocketUrl;
import dev.websocket.codec.ClosePayload;
import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Opcode;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A long-lived connection driven by callbacks (Python's {@code WebSocketApp}): connect, call {@code
 * onOpen}, deliver every message, keep the link alive with pings, and reconnect when it drops.
 *
 * <pre>{@code
 * WebSocketApp app = WebSocketApp.builder("wss://feed.example.com/ticks")
 *     .onOpen(a -> a.send("{\"subscribe\":\"ACME\"}"))
 *     .onMessage((a, message) -> System.out.println(message.text()))
 *     .onClose((a, status, reason) -> System.out.println("closed " + status))
 *     .build();
 * app.runForever(RunOptions.builder().pingInterval(Duration.ofSeconds(20))
 *     .pingTimeout(Duration.ofSeconds(10)).reconnect(Duration.ofSeconds(1)).build());
 * }</pre>
 *
 * <p>Threads: {@link #runForever} blocks its caller and runs every callback on it, one at a time,
 * in wire order, so a callback may block, send or call {@link #close()}. An exception thrown by a
 * callback goes to {@code onError} and the loop goes on. {@link #send} and {@link #close} are safe
 * from any thread; the reason a send was refused goes to {@code onError} on the runForever thread
 * too. The app starts no thread of its own ({@link #start} aside).
 */
public final class WebSocketApp {

  private static final InternalLogger LOGGER =
      InternalLoggerFactory.getInstance(WebSocketApp.class);

  /** Called when a connection ends (Python's {@code on_close}). */
  @FunctionalInterface
  public interface CloseListener {
    /**
     * The connection ended: the server's close status and reason, or null and null when it sent no
     * close frame.
     */
    void onClose(WebSocketApp app, Integer status, String reason);
  }

  /**
   * Called for each data message or, with {@code fireContFrame}, each fragment (Python's {@code
   * on_data}).
   */
  @FunctionalInterface
  public interface DataListener {
    /** A payload with its opcode; {@code fin} is false for a fragment that more will follow. */
    void onData(WebSocketApp app, byte[] data, Opcode opcode, boolean fin);
  }

  /**
   * Called for each continuation fragment when fragments are fired one by one (Python's {@code
   * on_cont_message}).
   */
  @FunctionalInterface
  public interface ContMessageListener {
    /** A continuation fragment; {@code fin} marks the last. */
    void onContMessage(WebSocketApp app, byte[] data, boolean fin);
  }

  private final String url;
  private final ConnectOptions options;
  private final Consumer<WebSocketApp> onOpen;
  private final BiConsumer<WebSocketApp, Message> onMessage;
  private final BiConsumer<WebSocketApp, Throwable> onError;
  private final CloseListener onClose;
  private final BiConsumer<WebSocketApp, byte[]> onPing;
  private final BiConsumer<WebSocketApp, byte[]> onPong;
  private final DataListener onData;
  private final ContMessageListener onContMessage;
  private final Consumer<WebSocketApp> onReconnect;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private volatile WebSocket current;
  private volatile boolean closing;
  private volatile boolean running;

  /** The thread in {@link #runForever}, or null when it is not running. */
  private volatile Thread runThread;

  /** Why sends were refused, in order, waiting for the runForever thread's {@code onError}. */
  private final Queue<Throwable> refusedSends = new ConcurrentLinkedQueue<>();

  private WebSocketApp(Builder b) {
    this.url = b.url;
    this.options = b.options;
    this.onOpen = b.onOpen;
    this.onMessage = b.onMessage;
    this.onError = b.onError;
    this.onClose = b.onClose;
    this.onPing = b.onPing;
    this.onPong = b.onPong;
    this.onData = b.onData;
    this.onContMessage = b.onContMessage;
    this.onReconnect = b.onReconnect;
  }

  /** A builder for an app connecting to {@code url}. */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** Runs with {@link RunOptions#DEFAULT}: no pings, no reconnect. */
  public boolean runForever() {
    return runForever(RunOptions.DEFAULT);
  }

  /**
   * Connects and runs until the connection ends, or with reconnect until {@link #close()}.
   *
   * <p>Reconnect policy: after an unexpected drop (no close frame, a close other than 1000, an
   * error, a ping timeout) or a failed connect, wait, then connect again; {@code onReconnect}
   * replaces {@code onOpen} on a re-established link. The n-th consecutive wait is {@code
   * min(maxReconnectDelay, reconnect × 2^n)} scaled by a random factor in [0.5, 1] (jitter, so that
   * many clients do not return at once); a successful connect resets n to 0. There is no reconnect
   * after the app's own {@link #close()} or a server's normal close (1000).
   *
   * @return true if it ended because of an error (as Python's {@code run_forever}), false after a
   *     clean close
   * @throws IllegalStateException if the app is already running
   */
  public boolean runForever(RunOptions runOptions) {
    Objects.requireNonNull(runOptions, "runOptions");
    lock.lock();
    try {
      if (running) {
        throw new IllegalStateException("WebSocketApp is already running");
      }
      running = true;
      closing = false;
      runThread = Thread.currentThread();
    } finally {
      lock.unlock();
    }
    try {
      return loop(runOptions);
    } finally {
      current = null;
      runThread = null;
      // After runThread is cleared a refused send reports itself: this takes what came before.
      reportRefusedSends();
      running = false;
    }
  }

  private boolean loop(RunOptions runOptions) {
    boolean error = false;
    boolean reopened = false;
    int failures = 0;
    while (!closing) {
      WebSocket ws;
      try {
        ws = WebSocket.connect(url, options);
      } catch (IOException | RuntimeException e) {
        callback(() -> onError.accept(this, e));
        error = true;
        if (runOptions.reconnect() == null || !pause(backoff(runOptions, failures++))) {
          break;
        }
        continue;
      }
      failures = 0;
      current = ws;
      if (closing) {
        closeQuietly(ws);
        break;
      }
      boolean again = reopened;
      callback(() -> (again ? onReconnect : onOpen).accept(this));
      Session session = new Session(ws, runOptions);
      session.run();
      current = null;
      closeQuietly(ws);
      reportRefusedSends();
      callback(() -> onClose.onClose(this, session.closeStatus, session.closeReason));
      error = session.failed;
      boolean normal = session.closeStatus != null && session.closeStatus == CloseStatus.NORMAL;
      if (closing || runOptions.reconnect() == null || (normal && !session.failed)) {
        break;
      }
      reopened = true;
      if (!pause(backoff(runOptions, 0))) {
        break;
      }
    }
    return error && !closing;
  }

  /** One connection's read loop with its keepalive timers. */
  private final class Session {
    private final WebSocket ws;
    private final RunOptions runOptions;
    private final long interval;
    private final long pongTimeout;
    private long nextPing;
    private long pongDeadline = Long.MAX_VALUE;
    Integer closeStatus;
    String closeReason;
    boolean failed;

    Session(WebSocket ws, RunOptions runOptions) {
      this.ws = ws;
      this.runOptions = runOptions;
      this.interval = runOptions.pingInterval() == null ? 0 : runOptions.pingInterval().toNanos();
      this.pongTimeout = runOptions.pingTimeout() == null ? 0 : runOptions.pingTimeout().toNanos();
      this.nextPing = interval > 0 ? System.nanoTime() + interval : Long.MAX_VALUE;
    }

    void run() {
      while (true) {
        try {
          // Sends refused while a callback ran (or the last receive waited) report now.
          reportRefusedSends();
          if (!keepAlive()) {
            return;
          }
          // The timers bound this wait alone: sends from other threads keep the options' timeout.
          Data data = ws.recvDataFrame(true, waitUntilNextTimer());
          dispatch(data);
        } catch (WebSocketTimeoutException e) {
          // a timer is due, or a refused send woke the wait: the next turn handles it
        } catch (WebSocketConnectionClosedException e) {
          if (closeStatus == null && e.status() != CloseStatus.ABNORMAL_CLOSED) {
            closeStatus = e.status();
            closeReason = e.reason();
          }
          reportRefusedSends();
          if (closeStatus == null && !closing) {
            failed = true;
            callback(() -> onError.accept(WebSocketApp.this, e));
          }
          return;
        } catch (IOException | RuntimeException e) {
          reportRefusedSends();
          if (!closing) {
            failed = true;
            callback(() -> onError.accept(WebSocketApp.this, e));
          }
          return;
        }
      }
    }

    /** Sends a due ping and checks the pong deadline; false when the link is to be torn down. */
    private boolean keepAlive() throws IOException {
      long now = System.nanoTime();
      if (now - pongDeadline >= 0) {
        failed = true;
        WebSocketTimeoutException timeout =
            new WebSocketTimeoutException(
                "ping/pong timed out: no pong within "
                    + runOptions.pingTimeout().toMillis()
                    + " ms");
        callback(() -> onError.accept(WebSocketApp.this, timeout));
        ws.abort();
        return false;
      }
      if (now - nextPing >= 0) {
        ws.ping(runOptions.pingPayload());
        nextPing = now + interval;
        if (pongTimeout > 0 && pongDeadline == Long.MAX_VALUE) {
          pongDeadline = now + pongTimeout;
        }
      }
      return true;
    }

    private Duration waitUntilNextTimer() {
      long next = Math.min(nextPing, pongDeadline);
      if (next == Long.MAX_VALUE) {
        return null;
      }
      return Duration.ofNanos(Math.max(1_000_000, next - System.nanoTime()));
    }

    private void dispatch(Data data) {
      byte[] payload = data.data();
      switch (data.opcode()) {
        case TEXT:
        case BINARY:
          callback(() -> onData.onData(WebSocketApp.this, payload, data.opcode(), data.isFinal()));
          if (data.isFinal()) {
            callback(() -> onMessage.accept(WebSocketApp.this, (Message) data));
          } else {
            callback(() -> onContMessage.onContMessage(WebSocketApp.this, payload, false));
          }
          break;
        case CONTINUATION:
          callback(() -> onData.onData(WebSocketApp.this, payload, data.opcode(), data.isFinal()));
          callback(() -> onContMessage.onContMessage(WebSocketApp.this, payload, data.isFinal()));
          break;
        case PING:
          callback(() -> onPing.accept(WebSocketApp.this, payload));
          break;
        case PONG:
          pongDeadline = Long.MAX_VALUE;
          callback(() -> onPong.accept(WebSocketApp.this, payload));
          break;
        case CLOSE:
          ClosePayload close = ws.connection().closeOutcome().received();
          if (close != null && close.hasStatus()) {
            closeStatus = close.status();
            closeReason = close.reason();
          }
          break;
        default:
          break;
      }
    }
  }

  private static Duration backoff(RunOptions runOptions, int failures) {
    long base = runOptions.reconnect().toNanos();
    long cap = runOptions.maxReconnectDelay().toNanos();
    long delay = base;
    for (int i = 0; i < failures && delay < cap; i++) {
      delay = delay > cap / 2 ? cap : delay * 2;
    }
    delay = Math.min(delay, cap);
    double jitter = 0.5 + ThreadLocalRandom.current().nextDouble() * 0.5;
    return Duration.ofNanos((long) (delay * jitter));
  }

  /**
   * Waits before a reconnect, reporting the sends refused meanwhile; false if {@link #close()} was
   * called meanwhile.
   */
  private boolean pause(Duration delay) {
    long deadline = System.nanoTime() + delay.toNanos();
    while (true) {
      reportRefusedSends();
      lock.lock();
      try {
        long left = deadline - System.nanoTime();
        if (closing || left <= 0) {
          return !closing;
        }
        // Checked under the lock a refused send signals with, so that no signal is missed.
        if (refusedSends.isEmpty()) {
          wake.awaitNanos(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } finally {
        lock.unlock();
      }
    }
  }

  private void callback(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      try {
        onError.accept(this, e);
      } catch (RuntimeException inError) {
        LOGGER.warn("onError threw while handling {}", e, inError);
      }
    }
  }

  private static void closeQuietly(WebSocket ws) {
    try {
      ws.close();
    } catch (IOException | RuntimeException e) {
      ws.abort();
    }
  }

  // ---------------------------------------------------------------- from any thread

  /**
   * Sends a TEXT message on the current connection. Declares no checked exception, so a callback's
   * lambda can send (as {@code .onOpen(a -> a.send("hello"))}).
   *
   * @return true when the message was queued; false when the app is not connected or the connection
   *     refused it, in which case the reason also goes to {@code onError}: on the runForever
   *     thread, as every callback, once it is free (at once when it waits for a message or to
   *     reconnect, else after the callback it runs, before {@code onClose}); on the calling thread
   *     when the app is not running
   */
  public boolean send(String text) {
    return sendOnCurrent(ws -> ws.send(text));
  }

  /** Sends a BINARY message on the current connection; see {@link #send(String)} for the result. */
  public boolean send(byte[] binary) {
    return sendOnCurrent(ws -> ws.send(binary));
  }

  /**
   * Sends a payload with any opcode on the current connection; see {@link #send(String)} for the
   * result.
   */
  public boolean send(byte[] payload, Opcode opcode) {
    return sendOnCurrent(ws -> ws.send(payload, opcode));
  }

  /**
   * Sends a TEXT message (Python's {@code send_text}); see {@link #send(String)} for the result.
   */
  public boolean sendText(String text) {
    return send(text);
  }

  /**
   * Sends a BINARY message (Python's {@code send_binary}); see {@link #send(String)} for the
   * result.
   */
  public boolean sendBinary(byte[] binary) {
    return send(binary);
  }

  /**
   * Sends a BINARY message (Python's {@code send_bytes}); see {@link #send(String)} for the result.
   */
  public boolean sendBytes(byte[] binary) {
    return send(binary);
  }

  /** Sends a ping on the current connection; see {@link #send(String)} for the result. */
  public boolean ping(String payload) {
    return sendOnCurrent(ws -> ws.ping(payload));
  }

  /** One send on a connection. */
  @FunctionalInterface
  private interface Send {
    void on(WebSocket ws) throws IOException;
  }

  private boolean sendOnCurrent(Send send) {
    WebSocket ws = current;
    IOException failure;
    if (ws == null) {
      failure = new WebSocketConnectionClosedException("WebSocketApp is not connected");
    } else {
      try {
        send.on(ws);
        return true;
      } catch (IOException e) {
        failure = e;
      }
    }
    refused(failure);
    return false;
  }

  /**
   * Queues a refused send's reason for the runForever thread and wakes it if it waits to reconnect;
   * reports it at once, on this thread, when the app is not running.
   */
  private void refused(IOException reason) {
    refusedSends.add(reason);
    if (runThread == null) {
      reportRefusedSends();
      return;
    }
    WebSocket ws = current;
    if (ws != null) {
      // The run thread may wait for a message with no timer due: it reports once woken.
      ws.wakeReceiver();
    }
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Gives the queued reasons of refused sends to {@code onError}, in order. */
  private void reportRefusedSends() {
    for (Throwable reason; (reason = refusedSends.poll()) != null; ) {
      Throwable e = reason;
      callback(() -> onError.accept(this, e));
    }
  }

  /** Whether a connection is open now. */
  public boolean isConnected() {
    WebSocket ws = current;
    return ws != null && ws.isConnected();
  }

  /** Whether {@link #runForever} is running. */
  public boolean isRunning() {
    return running;
  }

  /**
   * Closes normally (1000) and ends {@link #runForever} without reconnecting; safe from any thread,
   * callbacks included.
   */
  public void close() {
    close(CloseStatus.NORMAL, "");
  }

  /** Closes with a status and reason and ends {@link #runForever} without reconnecting. */
  public void close(int status, String reason) {
    lock.lock();
    try {
      closing = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    WebSocket ws = current;
    if (ws != null) {
      try {
        ws.close(status, reason);
      } catch (IOException | RuntimeException e) {
        ws.abort();
      }
    }
  }

  /**
   * Runs {@link #runForever(RunOptions)} on a new daemon thread.
   *
   * @return a handle to wait for the end or to close
   */
  public Handle start(RunOptions runOptions) {
    Handle handle = new Handle(this);
    Thread thread =
        new Thread(
            () -> handle.result.complete(runForever(runOptions)),
            "websocket-app " + WebSocketUrl.redact(url));
    thread.setDaemon(true);
    thread.start();
    return handle;
  }

  /** {@link #start(RunOptions)} with the defaults. */
  public Handle start() {
    return start(RunOptions.DEFAULT);
  }

  /**
   * Runs {@link #runForever(RunOptions)} on a thread from {@code threads}: on Java 21 and later, a
   * virtual thread with {@code Thread.ofVirtual().factory()}, as every wait of the run parks
   * without holding a monitor.
   *
   * @return a handle to wait for the end or to close
   */
  public Handle start(RunOptions runOptions, java.util.concurrent.ThreadFactory threads) {
    Handle handle = new Handle(this);
    Thread thread = threads.newThread(() -> handle.result.complete(runForever(runOptions)));
    if (thread == null) {
      throw new IllegalStateException("the thread factory made no thread for " + this);
    }
    thread.start();
    return handle;
  }

  @Override
  public String toString() {
    return "WebSocketApp(" + WebSocketUrl.redact(url) + (isConnected() ? ", connected" : "") + ")";
  }

  /** A running app started with {@link #start}. */
  public static final class Handle {
    private final WebSocketApp app;
    private final java.util.concurrent.CompletableFuture<Boolean> result =
        new java.util.concurrent.CompletableFuture<>();

    private Handle(WebSocketApp app) {
      this.app = app;
    }

    /** The app. */
    public WebSocketApp app() {
      return app;
    }

    /** Waits for the run to end; returns what {@code runForever} returned. */
    public boolean await() throws InterruptedException {
      try {
        return result.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }

    /**
     * Waits at most {@code timeout} for the run to end.
     *
     * @return true when it ended in time
     */
    public boolean await(Duration timeout) throws InterruptedException {
      try {
        result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return true;
      } catch (java.util.concurrent.TimeoutException e) {
        return false;
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }

    /** Closes the app and waits for the run to end. */
    public void close() throws InterruptedException {
      app.close();
      await();
    }

    /** Completes with {@code runForever}'s result. */
    public java.util.concurrent.CompletableFuture<Boolean> result() {
      return result;
    }
  }

  /** Builds a {@link WebSocketApp}. Every callback defaults to doing nothing. */
  public static final class Builder {
    private final String url;
    private ConnectOptions options = ConnectOptions.DEFAULT;
    private Consumer<WebSocketApp> onOpen = app -> {};
    private BiConsumer<WebSocketApp, Message> onMessage = (app, m) -> {};
    private BiConsumer<WebSocketApp, Throwable> onError = (app, e) -> {};
    private CloseListener onClose = (app, s, r) -> {};
    private BiConsumer<WebSocketApp, byte[]> onPing = (app, p) -> {};
    private BiConsumer<WebSocketApp, byte[]> onPong = (app, p) -> {};
    private DataListener onData = (app, d, o, f) -> {};
    private ContMessageListener onContMessage = (app, d, f) -> {};
    private Consumer<WebSocketApp> onReconnect = app -> {};

    private Builder(String url) {
      this.url = Objects.requireNonNull(url, "url");
    }

    /** The connection is open (the first time). */
    public Builder onOpen(Consumer<WebSocketApp> callback) {
      this.onOpen = Objects.requireNonNull(callback);
      return this;
    }

    /** A whole message, text or binary. */
    public Builder onMessage(BiConsumer<WebSocketApp, Message> callback) {
      this.onMessage = Objects.requireNonNull(callback);
      return this;
    }

    /**
     * An error: a failed connect, a protocol error, a ping timeout, an exception from a callback.
     */
    public Builder onError(BiConsumer<WebSocketApp, Throwable> callback) {
      this.onError = Objects.requireNonNull(callback);
      return this;
    }

    /** A connection ended; called exactly once per connection. */
    public Builder onClose(CloseListener callback) {
      this.onClose = Objects.requireNonNull(callback);
      return this;
    }

    /** A ping from the server (already answered). */
    public Builder onPing(BiConsumer<WebSocketApp, byte[]> callback) {
      this.onPing = Objects.requireNonNull(callback);
      return this;
    }

    /** A pong from the server. */
    public Builder onPong(BiConsumer<WebSocketApp, byte[]> callback) {
      this.onPong = Objects.requireNonNull(callback);
      return this;
    }

    /** Every data message or fragment, with its opcode and FIN. */
    public Builder onData(DataListener callback) {
      this.onData = Objects.requireNonNull(callback);
      return this;
    }

    /** Continuation fragments, when {@link ConnectOptions#fireContFrame()} is on. */
    public Builder onContMessage(ContMessageListener callback) {
      this.onContMessage = Objects.requireNonNull(callback);
      return this;
    }

    /** The link was re-established after a drop (instead of onOpen). */
    public Builder onReconnect(Consumer<WebSocketApp> callback) {
      this.onReconnect = Objects.requireNonNull(callback);
      return this;
    }

    /** Connection options; headers given as a Supplier are evaluated again at each reconnect. */
    public Builder options(ConnectOptions options) {
      this.options = Objects.requireNonNull(options);
      return this;
    }

    /** The app; the URL is checked now. */
    public WebSocketApp build() {
      dev.websocket.client.internal.WebSocketUrl.parse(url);
      return new WebSocketApp(this);
    }
  }
}
