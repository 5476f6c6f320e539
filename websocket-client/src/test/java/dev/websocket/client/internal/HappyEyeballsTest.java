package dev.websocket.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** RFC 8305's ordering and timing, with a fake dialer and a hand-driven clock. */
class HappyEyeballsTest {

  private static final Duration DELAY = Duration.ofMillis(250);
  private static final InetAddress V6_A = address("2001:db8::1");
  private static final InetAddress V6_B = address("2001:db8::2");
  private static final InetAddress V4_A = address("192.0.2.1");
  private static final InetAddress V4_B = address("192.0.2.2");
  private static final InetAddress V4_C = address("192.0.2.3");

  private final ManualTimer timer = new ManualTimer();
  private final FakeDialer dialer = new FakeDialer();
  private final ByteArrayOutputStream traced = new ByteArrayOutputStream();

  // ------------------------------------------------------------------ ordering (section 4)

  @Test
  void familiesAreInterleavedIpv6First() {
    assertEquals(
        socketAddresses(V6_A, V4_A, V6_B, V4_B),
        HappyEyeballs.order(List.of(V4_A, V4_B, V6_A, V6_B), 80));
  }

  @Test
  void theLargerFamilyKeepsItsOrderAfterTheOtherRunsOut() {
    assertEquals(
        socketAddresses(V6_A, V4_A, V4_B, V4_C),
        HappyEyeballs.order(List.of(V4_A, V4_B, V4_C, V6_A), 80));
  }

  @Test
  void oneFamilyKeepsTheResolversOrderAndDuplicatesAreDropped() {
    assertEquals(socketAddresses(V4_B, V4_A), HappyEyeballs.order(List.of(V4_B, V4_A, V4_B), 80));
  }

  // ------------------------------------------------------------------ timing (section 5)

  @Test
  void theFirstAttemptStartsAtOnceAndTheNextOnlyAfterTheDelay() {
    HappyEyeballs<String> race = race(V6_A, V4_A);
    race.start();
    assertEquals(List.of(V6_A), dialer.dialed());
    timer.advance(DELAY.minusMillis(1));
    assertEquals(List.of(V6_A), dialer.dialed());
    timer.advance(Duration.ofMillis(1));
    assertEquals(List.of(V6_A, V4_A), dialer.dialed());
  }

  @Test
  void aFailedAttemptStartsTheNextAtOnceAndRestartsTheDelay() {
    HappyEyeballs<String> race = race(V6_A, V4_A, V6_B);
    race.start();
    timer.advance(Duration.ofMillis(100));
    dialer.attempt(0).fail(new ConnectException("refused"));
    assertEquals(List.of(V6_A, V4_A), dialer.dialed(), "the next attempt starts without waiting");
    timer.advance(DELAY.minusMillis(1));
    assertEquals(2, dialer.dialed().size(), "the delay counts from the attempt just started");
    timer.advance(Duration.ofMillis(1));
    assertEquals(List.of(V6_A, V4_A, V6_B), dialer.dialed());
  }

  @Test
  void anAttemptThatFailsAsItStartsMovesOnAtOnce() {
    dialer.failAtOnce(V6_A);
    HappyEyeballs<String> race = race(V6_A, V4_A);
    race.start();
    assertEquals(List.of(V6_A, V4_A), dialer.dialed());
    assertEquals(0, timer.scheduled(), "no delay is left running after the last address");
  }

  @Test
  void aDialerThatThrowsCountsAsAFailedAttempt() {
    dialer.throwFor(V6_A);
    HappyEyeballs<String> race = race(V6_A, V4_A);
    race.start();
    assertEquals(List.of(V6_A, V4_A), dialer.dialed());
    dialer.attempt(1).succeed("v4");
    assertEquals("v4", race.result().join());
  }

  // ------------------------------------------------------------------ the winner and the losers

  @Test
  void theFirstToConnectWinsAndEveryOtherAttemptIsCancelled() {
    HappyEyeballs<String> race = race(V6_A, V4_A, V6_B);
    race.start();
    timer.advance(DELAY);
    timer.advance(DELAY);
    assertEquals(3, dialer.dialed().size());
    dialer.attempt(1).succeed("second");
    assertEquals("second", race.result().join());
    assertTrue(dialer.attempt(0).cancelled);
    assertFalse(dialer.attempt(1).cancelled);
    assertTrue(dialer.attempt(2).cancelled);
  }

  @Test
  void noAttemptStartsAfterTheWinner() {
    HappyEyeballs<String> race = race(V6_A, V4_A, V6_B);
    race.start();
    dialer.attempt(0).succeed("first");
    timer.advance(DELAY.multipliedBy(4));
    assertEquals(List.of(V6_A), dialer.dialed());
    assertEquals(0, timer.scheduled());
    assertEquals("first", race.result().join());
  }

  @Test
  void aLoserThatConnectsAfterTheWinnerIsClosed() {
    dialer.ignoreCancel(V6_A);
    HappyEyeballs<String> race = race(V6_A, V4_A);
    race.start();
    timer.advance(DELAY);
    dialer.attempt(1).succeed("v4");
    FakeAttempt late = dialer.attempt(0);
    late.cancelled = false;
    late.succeed("v6, too late");
    assertTrue(late.cancelled, "the late connection is closed");
    assertEquals("v4", race.result().join());
  }

  @Test
  void whenEveryAttemptFailsTheFirstFailureIsReportedWithTheLaterOnesSuppressed() {
    HappyEyeballs<String> race = race(V6_A, V4_A);
    race.start();
    ConnectException v6 = new ConnectException("v6 refused");
    ConnectException v4 = new ConnectException("v4 refused");
    timer.advance(DELAY);
    dialer.attempt(1).fail(v4);
    assertFalse(race.result().isDone(), "the first attempt is still running");
    dialer.attempt(0).fail(v6);
    CompletionException e = assertThrows(CompletionException.class, () -> race.result().join());
    assertSame(v4, e.getCause(), "the first to fail");
    assertEquals(List.of(v6), Arrays.asList(v4.getSuppressed()));
  }

  @Test
  void cancellingStopsEveryAttemptAndStartsNoOther() {
    HappyEyeballs<String> race = race(V6_A, V4_A, V6_B);
    race.start();
    timer.advance(DELAY);
    race.cancel();
    timer.advance(DELAY.multipliedBy(4));
    assertEquals(2, dialer.dialed().size());
    assertTrue(dialer.attempt(0).cancelled);
    assertTrue(dialer.attempt(1).cancelled);
    assertThrows(CancellationException.class, () -> race.result().join());
  }

  @Test
  void theTraceNamesEachAttemptAndTheWinner() {
    HappyEyeballs<String> race = race(V6_A, V4_A);
    race.start();
    dialer.attempt(0).fail(new ConnectException("Connection refused"));
    dialer.attempt(1).succeed("v4");
    String trace = traced.toString(StandardCharsets.UTF_8);
    assertEquals(
        List.of(
            "--- connecting to [2001:db8:0:0:0:0:0:1]:80 (address 1 of 2) ---",
            "--- connect to [2001:db8:0:0:0:0:0:1]:80 failed: java.net.ConnectException: Connection refused ---",
            "--- connecting to 192.0.2.1:80 (address 2 of 2) ---",
            "--- connected to 192.0.2.1:80 ---"),
        trace.lines().toList());
  }

  @Test
  void aSingleAddressIsAPlainConnectWithoutTrace() {
    HappyEyeballs<String> race = race(V4_A);
    race.start();
    assertEquals(0, timer.scheduled());
    dialer.attempt(0).succeed("only");
    assertEquals("only", race.result().join());
    assertEquals("", traced.toString(StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------ fixtures

  private HappyEyeballs<String> race(InetAddress... addresses) {
    return new HappyEyeballs<>(
        socketAddresses(addresses),
        DELAY,
        dialer,
        timer,
        Tracer.to(new PrintStream(traced, true, StandardCharsets.UTF_8)));
  }

  private static List<InetSocketAddress> socketAddresses(InetAddress... addresses) {
    List<InetSocketAddress> list = new ArrayList<>();
    for (InetAddress a : addresses) {
      list.add(new InetSocketAddress(a, 80));
    }
    return list;
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** A clock the test moves by hand; tasks run in due order on the test's thread. */
  private static final class ManualTimer implements HappyEyeballs.Timer {
    private final List<Task> tasks = new ArrayList<>();
    private long now;
    private long sequence;

    private record Task(long due, long order, Runnable run) {}

    @Override
    public Runnable schedule(Runnable run, Duration delay) {
      Task task = new Task(now + delay.toNanos(), sequence++, run);
      tasks.add(task);
      return () -> tasks.remove(task);
    }

    void advance(Duration by) {
      long until = now + by.toNanos();
      while (true) {
        Task first =
            tasks.stream()
                .filter(t -> t.due() <= until)
                .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::order))
                .orElse(null);
        if (first == null) {
          break;
        }
        tasks.remove(first);
        now = first.due();
        first.run().run();
      }
      now = until;
    }

    int scheduled() {
      return tasks.size();
    }
  }

  /** Records each address dialed; the test ends each attempt. */
  private static final class FakeDialer implements HappyEyeballs.Dialer<String> {
    private final List<InetAddress> dialed = new ArrayList<>();
    private final List<FakeAttempt> attempts = new ArrayList<>();
    private final List<InetAddress> failAtOnce = new ArrayList<>();
    private final List<InetAddress> throwFor = new ArrayList<>();
    private final List<InetAddress> ignoreCancel = new ArrayList<>();

    @Override
    public HappyEyeballs.Attempt<String> dial(InetSocketAddress address) {
      dialed.add(address.getAddress());
      if (throwFor.contains(address.getAddress())) {
        attempts.add(null);
        throw new IllegalStateException("cannot open a socket");
      }
      FakeAttempt attempt = new FakeAttempt(!ignoreCancel.contains(address.getAddress()));
      attempts.add(attempt);
      if (failAtOnce.contains(address.getAddress())) {
        attempt.fail(new ConnectException("refused at once"));
      }
      return attempt;
    }

    List<InetAddress> dialed() {
      return dialed;
    }

    FakeAttempt attempt(int i) {
      return attempts.get(i);
    }

    void failAtOnce(InetAddress address) {
      failAtOnce.add(address);
    }

    void throwFor(InetAddress address) {
      throwFor.add(address);
    }

    /**
     * That attempt's connect goes on after a cancel (a connect that completes in the same instant).
     */
    void ignoreCancel(InetAddress address) {
      ignoreCancel.add(address);
    }
  }

  /**
   * An attempt the test completes; cancelling one in progress fails it, as closing a channel does.
   */
  private static final class FakeAttempt implements HappyEyeballs.Attempt<String> {
    private final boolean cancelEndsIt;
    private BiConsumer<? super String, ? super Throwable> callback;
    private String connection;
    private Throwable failure;
    private boolean done;
    boolean cancelled;

    FakeAttempt(boolean cancelEndsIt) {
      this.cancelEndsIt = cancelEndsIt;
    }

    @Override
    public void whenDone(BiConsumer<? super String, ? super Throwable> callback) {
      this.callback = callback;
      if (done) {
        callback.accept(connection, failure);
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      if (cancelEndsIt && !done) {
        fail(new CancellationException("closed"));
      }
    }

    void succeed(String c) {
      end(c, null);
    }

    void fail(Throwable t) {
      end(null, t);
    }

    private void end(String c, Throwable t) {
      if (done) {
        throw new IllegalStateException("attempt already ended");
      }
      done = true;
      connection = c;
      failure = t;
      if (callback != null) {
        callback.accept(c, t);
      }
    }
  }
}
