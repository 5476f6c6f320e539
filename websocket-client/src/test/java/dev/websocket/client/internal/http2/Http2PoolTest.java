package dev.websocket.client.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.websocket.client.TlsOptions;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The pool's memory of servers that said they cannot carry WebSockets over HTTP/2: believed for
 * {@link Http2Pool#UNAVAILABLE_MEMORY}, and bounded in size however many servers say it. The time
 * is a clock the test moves.
 */
class Http2PoolTest {

  private static final long MEMORY = Http2Pool.UNAVAILABLE_MEMORY.toNanos();

  /** {@link System#nanoTime} may wrap around: the clock starts just before it does. */
  private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - MEMORY / 2);

  private final Http2Pool pool = new Http2Pool(now::get, 3);

  private static Http2Origin origin(int port) {
    return new Http2Origin(true, "example.com", port, TlsOptions.DEFAULT, null, null, null);
  }

  private static Http2Unavailable no(String why) {
    return new Http2Unavailable(why, true);
  }

  @Test
  void anAnswerIsBelievedUntilItsMemoryEnds() {
    Http2Unavailable answer = no("ALPN chose http/1.1");
    pool.rememberUnavailable(origin(1), answer);
    now.addAndGet(MEMORY - 1);
    assertSame(answer, pool.knownUnavailable(origin(1)));
    now.addAndGet(1);
    assertNull(pool.knownUnavailable(origin(1)));
    assertEquals(0, pool.rememberedCount(), "the expired answer is gone, not just ignored");
  }

  @Test
  void rememberingForgetsEveryExpiredAnswerOfOtherOrigins() {
    pool.rememberUnavailable(origin(1), no("1"));
    now.addAndGet(1);
    pool.rememberUnavailable(origin(2), no("2"));
    now.addAndGet(MEMORY);
    pool.rememberUnavailable(origin(3), no("3"));
    assertEquals(1, pool.rememberedCount(), "origins 1 and 2 were never asked about again");
    assertEquals("3", pool.knownUnavailable(origin(3)).getMessage());
  }

  @Test
  void pastTheLimitTheOldestAnswerIsForgotten() {
    for (int port = 1; port <= 5; port++) {
      pool.rememberUnavailable(origin(port), no(String.valueOf(port)));
      now.addAndGet(1);
    }
    assertEquals(3, pool.rememberedCount());
    assertNull(pool.knownUnavailable(origin(1)));
    assertNull(pool.knownUnavailable(origin(2)));
    for (int port = 3; port <= 5; port++) {
      assertEquals(String.valueOf(port), pool.knownUnavailable(origin(port)).getMessage());
    }
  }

  @Test
  void aRepeatedAnswerIsBelievedAnewAndMovesToTheNewestEnd() {
    pool.rememberUnavailable(origin(1), no("first"));
    pool.rememberUnavailable(origin(2), no("2"));
    pool.rememberUnavailable(origin(3), no("3"));
    now.addAndGet(MEMORY / 2);
    pool.rememberUnavailable(origin(1), no("again"));
    // Full: the oldest is now origin 2's, not origin 1's.
    pool.rememberUnavailable(origin(4), no("4"));
    assertNull(pool.knownUnavailable(origin(2)));
    assertEquals("again", pool.knownUnavailable(origin(1)).getMessage());
    now.addAndGet(MEMORY / 2);
    assertNull(pool.knownUnavailable(origin(3)), "origin 3's answer has expired");
    assertEquals("again", pool.knownUnavailable(origin(1)).getMessage());
  }

  @Test
  void theSharedPoolIsBoundedByTheNamedLimit() {
    Http2Pool shared = new Http2Pool();
    for (int port = 1; port <= Http2Pool.MAX_REMEMBERED + 10; port++) {
      shared.rememberUnavailable(origin(port), no("no"));
    }
    assertEquals(Http2Pool.MAX_REMEMBERED, shared.rememberedCount());
  }
}
