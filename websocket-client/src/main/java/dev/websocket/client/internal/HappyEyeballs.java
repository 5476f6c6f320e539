package dev.websocket.client.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Races connects to a name's addresses as RFC 8305 ("Happy Eyeballs v2") describes: the addresses
 * are ordered with the families interleaved, IPv6 first (section 4); the first attempt starts at
 * once, and each next one when the previous has failed or after the connection attempt delay,
 * whichever comes first (section 5); the first connection made wins, and every other attempt is
 * cancelled, or closed if it connects later. A host whose IPv6 route is broken therefore costs one
 * delay, not a whole connect timeout.
 *
 * <p>Nothing here knows sockets or clocks: a {@link Dialer} starts attempts and a {@link Timer}
 * runs the delay, so the Netty binding ({@link RacingConnect}) and the tests supply their own.
 *
 * <p>Not thread safe: {@link #start()}, {@link #cancel()}, the attempts' callbacks and the timer's
 * tasks must all run on one thread (the channel's event loop).
 *
 * @param <T> the connection an attempt makes
 */
public final class HappyEyeballs<T> {

  /** One connect in progress. */
  public interface Attempt<T> {
    /**
     * Registers the callback for the attempt's end, with the connection or the failure; it runs
     * once, at once if the attempt has already ended.
     */
    void whenDone(BiConsumer<? super T, ? super Throwable> callback);

    /** Abandons the attempt: stops a connect in progress, or closes the connection it made. */
    void cancel();
  }

  /** Starts attempts. */
  public interface Dialer<T> {
    /** Starts connecting to {@code address}; a dialer that throws counts as a failed attempt. */
    Attempt<T> dial(InetSocketAddress address);
  }

  /** Runs the connection attempt delay. */
  public interface Timer {
    /**
     * Runs {@code task} after {@code delay}, unless the returned handle is run first to cancel it.
     */
    Runnable schedule(Runnable task, Duration delay);
  }

  private final List<InetSocketAddress> addresses;
  private final Duration delay;
  private final Dialer<T> dialer;
  private final Timer timer;
  private final Tracer tracer;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private final List<Attempt<T>> pending = new ArrayList<>();
  private int next;
  private Runnable cancelDelay;
  private Throwable firstFailure;

  /**
   * A race over {@code addresses}, tried in the order given (see {@link #order}).
   *
   * @param delay how long an attempt has before the next one starts beside it
   * @param tracer told which address each attempt tries, how it failed, and which one won
   */
  public HappyEyeballs(
      List<InetSocketAddress> addresses,
      Duration delay,
      Dialer<T> dialer,
      Timer timer,
      Tracer tracer) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no address to connect to");
    }
    this.addresses = List.copyOf(addresses);
    this.delay = delay;
    this.dialer = dialer;
    this.timer = timer;
    this.tracer = tracer;
  }

  /**
   * Orders addresses as RFC 8305 section 4 asks: duplicates dropped, then IPv6 and IPv4 taken in
   * turn, IPv6 first, each family in the order the resolver gave it.
   */
  public static List<InetSocketAddress> order(List<InetAddress> resolved, int port) {
    List<InetAddress> v6 = new ArrayList<>();
    List<InetAddress> v4 = new ArrayList<>();
    for (InetAddress a : new LinkedHashSet<>(resolved)) {
      (a instanceof Inet6Address ? v6 : v4).add(a);
    }
    List<InetSocketAddress> ordered = new ArrayList<>(v6.size() + v4.size());
    for (int i = 0; i < Math.max(v6.size(), v4.size()); i++) {
      if (i < v6.size()) {
        ordered.add(new InetSocketAddress(v6.get(i), port));
      }
      if (i < v4.size()) {
        ordered.add(new InetSocketAddress(v4.get(i), port));
      }
    }
    return ordered;
  }

  /**
   * Completes with the first connection made; once every address failed, fails with the first
   * failure, the later ones suppressed in it; after {@link #cancel()}, fails with a {@link
   * CancellationException}.
   */
  public CompletableFuture<T> result() {
    return result;
  }

  /** Starts the first attempt. */
  public void start() {
    dialNext();
  }

  /** Gives up: every attempt still running is cancelled and no other starts. */
  public void cancel() {
    if (result.completeExceptionally(new CancellationException("connect cancelled"))) {
      stopAll();
    }
  }

  private void dialNext() {
    stopDelay();
    InetSocketAddress address = addresses.get(next++);
    if (addresses.size() > 1) {
      tracer.line(
          "--- connecting to "
              + describe(address)
              + " (address "
              + next
              + " of "
              + addresses.size()
              + ") ---");
    }
    Attempt<T> attempt;
    try {
      attempt = dialer.dial(address);
    } catch (RuntimeException e) {
      failed(null, address, e);
      return;
    }
    pending.add(attempt);
    if (next < addresses.size()) {
      cancelDelay = timer.schedule(this::delayOver, delay);
    }
    // Last: an attempt that has already ended calls back at once.
    attempt.whenDone(
        (connection, failure) -> {
          if (failure == null) {
            connected(attempt, address, connection);
          } else {
            failed(attempt, address, failure);
          }
        });
  }

  private void delayOver() {
    cancelDelay = null;
    if (!result.isDone()) {
      dialNext();
    }
  }

  private void connected(Attempt<T> attempt, InetSocketAddress address, T connection) {
    pending.remove(attempt);
    if (result.isDone()) {
      // Connected after another attempt won, or after the race was cancelled.
      attempt.cancel();
      return;
    }
    if (addresses.size() > 1) {
      tracer.line("--- connected to " + describe(address) + " ---");
    }
    result.complete(connection);
    stopAll();
  }

  private void failed(Attempt<T> attempt, InetSocketAddress address, Throwable failure) {
    pending.remove(attempt);
    if (result.isDone()) {
      return;
    }
    if (addresses.size() > 1) {
      tracer.line("--- connect to " + describe(address) + " failed: " + failure + " ---");
    }
    if (firstFailure == null) {
      firstFailure = failure;
    } else if (firstFailure != failure) {
      firstFailure.addSuppressed(failure);
    }
    if (next < addresses.size()) {
      dialNext();
    } else if (pending.isEmpty()) {
      result.completeExceptionally(firstFailure);
    }
  }

  /**
   * {@code 192.0.2.1:80}, {@code [2001:db8:0:0:0:0:0:1]:80}: the address tried, without a host
   * name.
   */
  static String describe(InetSocketAddress address) {
    String ip = address.getAddress().getHostAddress();
    return (address.getAddress() instanceof Inet6Address ? "[" + ip + "]" : ip)
        + ":"
        + address.getPort();
  }

  private void stopAll() {
    stopDelay();
    List<Attempt<T>> losers = new ArrayList<>(pending);
    pending.clear();
    for (Attempt<T> loser : losers) {
      loser.cancel();
    }
  }

  private void stopDelay() {
    if (cancelDelay != null) {
      cancelDelay.run();
      cancelDelay = null;
    }
  }
}
