package dev.websocket.client.internal.http2;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The HTTP/2 connections shared by WebSockets, keyed by {@link Http2Origin}: a WebSocket takes a
 * stream slot on a connection of its origin that has one free, waits for a connection of its origin
 * that is still starting, or starts a new one. A connection leaves the pool when it closes. Guarded
 * by its monitor.
 */
final class Http2Pool {

  /** The pool of every WebSocket in this JVM. */
  static final Http2Pool SHARED = new Http2Pool();

  /**
   * How many times one acquire may see a connection it waited for fill up before it gets a slot:
   * bounds the loop when a server advertises no streams at all.
   */
  private static final int MAX_ROUNDS = 8;

  /**
   * How long {@code PREFER} goes straight to HTTP/1.1 for an origin whose server said it cannot
   * carry WebSockets over HTTP/2 (ALPN, SETTINGS): asking again costs a TLS handshake per connect.
   */
  static final Duration UNAVAILABLE_MEMORY = Duration.ofMinutes(5);

  /**
   * How many origins the pool remembers a "no" for at most: a client that meets many servers
   * without HTTP/2 (a crawler, a monitor) must not grow it without bound. Past it the oldest answer
   * is forgotten, which costs that origin one more ALPN probe.
   */
  static final int MAX_REMEMBERED = 1024;

  private final Map<Http2Origin, List<Http2Session>> sessions = new HashMap<>();

  /**
   * The remembered answers, oldest first: each is believed for the same time, so the expired ones
   * are at the head.
   */
  private final LinkedHashMap<Http2Origin, Remembered> unavailable = new LinkedHashMap<>();

  private final LongSupplier nanoClock;
  private final int maxRemembered;

  Http2Pool() {
    this(System::nanoTime, MAX_REMEMBERED);
  }

  /**
   * A pool reading the time from {@code nanoClock} (as {@link System#nanoTime}) and remembering at
   * most {@code maxRemembered} answers.
   */
  Http2Pool(LongSupplier nanoClock, int maxRemembered) {
    this.nanoClock = nanoClock;
    this.maxRemembered = maxRemembered;
  }

  /** A server's "no" and until when it is believed. */
  private record Remembered(Http2Unavailable reason, long untilNanos) {}

  /**
   * A session of {@code origin} with one stream slot reserved for the caller.
   *
   * @param connect starts a new connection for the origin; called under the pool's lock, so it must
   *     only start the connection, not wait for it
   * @return completes with the session; fails when a new connection could not be made ready
   */
  CompletableFuture<Http2Session> acquire(
      Http2Origin origin, Function<Runnable, Http2Session> connect) {
    return acquire(origin, connect, 0);
  }

  private CompletableFuture<Http2Session> acquire(
      Http2Origin origin, Function<Runnable, Http2Session> connect, int round) {
    Http2Session starting = null;
    synchronized (this) {
      List<Http2Session> list = sessions.computeIfAbsent(origin, k -> new ArrayList<>(1));
      // A connection that closed before its close listener could find it in the list.
      list.removeIf(Http2Session::isClosed);
      for (Http2Session session : list) {
        if (session.tryReserve()) {
          return CompletableFuture.completedFuture(session);
        }
        if (starting == null && !session.ready().isDone()) {
          starting = session;
        }
      }
      if (starting == null) {
        if (round >= MAX_ROUNDS) {
          return CompletableFuture.failedFuture(
              new Http2Unavailable(
                  "The server's HTTP/2 connections to "
                      + origin.describe()
                      + " accept no more streams"));
        }
        Http2Session[] created = new Http2Session[1];
        created[0] = connect.apply(() -> remove(origin, created[0]));
        starting = created[0];
        list.add(starting);
      }
    }
    // Waits outside the lock: the connection becomes ready on its event loop.
    return starting.ready().thenCompose(ready -> acquire(origin, connect, round + 1));
  }

  private synchronized void remove(Http2Origin origin, Http2Session session) {
    List<Http2Session> list = sessions.get(origin);
    if (list != null && list.remove(session) && list.isEmpty()) {
      sessions.remove(origin);
    }
  }

  /**
   * Remembers, for {@link #UNAVAILABLE_MEMORY}, that {@code origin}'s server said it cannot; first
   * forgets the answers that have expired, then the oldest past {@link #MAX_REMEMBERED}.
   */
  synchronized void rememberUnavailable(Http2Origin origin, Http2Unavailable reason) {
    long now = nanoClock.getAsLong();
    forgetExpired(now);
    // Removed first, so that the answer goes to the end: the order stays the order of expiry.
    unavailable.remove(origin);
    unavailable.put(origin, new Remembered(reason, now + UNAVAILABLE_MEMORY.toNanos()));
    Iterator<Remembered> oldest = unavailable.values().iterator();
    while (unavailable.size() > maxRemembered) {
      oldest.next();
      oldest.remove();
    }
  }

  /** What {@code origin}'s server said lately, if it said it cannot; else null. */
  synchronized Http2Unavailable knownUnavailable(Http2Origin origin) {
    forgetExpired(nanoClock.getAsLong());
    Remembered remembered = unavailable.get(origin);
    return remembered == null ? null : remembered.reason();
  }

  /** How many answers are remembered now. */
  synchronized int rememberedCount() {
    return unavailable.size();
  }

  private void forgetExpired(long now) {
    Iterator<Remembered> oldest = unavailable.values().iterator();
    while (oldest.hasNext() && now - oldest.next().untilNanos() >= 0) {
      oldest.remove();
    }
  }
}
