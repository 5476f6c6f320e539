package dev.websocket.client.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs, once a {@link #PERIOD_MILLIS period}, each {@link CallerDrivenLoop} that no thread drives,
 * without waiting on its socket: an idle connection still answers pings, reads into its bounded
 * receive queue and sees the server's close, within a period instead of at the next call. One
 * daemon thread for all of them, started with the first.
 */
final class IdleLoopSweeper {

  /** How often idle loops run: well inside the ping timeouts servers use (seconds to minutes). */
  static final long PERIOD_MILLIS = 500;

  private static final Set<CallerDrivenLoop> LOOPS = ConcurrentHashMap.newKeySet();
  private static volatile ScheduledExecutorService sweeper;

  private IdleLoopSweeper() {}

  static void add(CallerDrivenLoop loop) {
    LOOPS.add(loop);
    if (sweeper == null) {
      start();
    }
  }

  static void remove(CallerDrivenLoop loop) {
    LOOPS.remove(loop);
  }

  private static synchronized void start() {
    if (sweeper != null) {
      return;
    }
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "websocket-client-idle-io");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        IdleLoopSweeper::sweep, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    sweeper = executor;
  }

  private static void sweep() {
    for (CallerDrivenLoop loop : LOOPS) {
      loop.runIfIdle();
    }
  }
}
