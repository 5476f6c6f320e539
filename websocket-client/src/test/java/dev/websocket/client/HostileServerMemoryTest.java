package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.testing.hostile.HostileCase;
import dev.websocket.testing.hostile.HostileRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hostile case of {@link HostileCase} against each front door, each run in a child JVM with
 * {@value #MEMORY_LIMIT} of heap and of direct memory while the server floods for {@link #HOLD} and
 * the application does not read (or reads, for the one case that says so): the memory the client
 * holds stays under {@value #BOUND_MIB} MiB and the run ends cleanly, with backpressure (the
 * connection open, the server held back by TCP) or a 1008/1009 close, never with the child out of
 * memory; the redirect to a Unix socket is refused. The same cases against every peer of the
 * benchmarks make the README's robustness table ({@code benchmarks/run robustness}).
 */
class HostileServerMemoryTest {

  private static final String MEMORY_LIMIT = "128m";
  private static final int BOUND_MIB = 32;

  /**
   * What a connected client holds whatever the server sends, measured from before it connected: the
   * event loop, the buffer pools' chunks, the connection's buffers.
   */
  private static final int SLACK_MIB = 16;

  private static final Duration HOLD = Duration.ofSeconds(2);

  private static final HostileRun RUN =
      new HostileRun(
          HostileOwnClients.class.getName(),
          System.getProperty("java.class.path"),
          MEMORY_LIMIT,
          HOLD);

  static List<Arguments> casesAndDoors() {
    List<Arguments> all = new ArrayList<>();
    for (HostileCase hostileCase : HostileCase.values()) {
      for (String door : HostileOwnClients.KEYS) {
        all.add(Arguments.of(hostileCase, door));
      }
    }
    return all;
  }

  @ParameterizedTest(name = "{0} against {1}")
  @MethodSource("casesAndDoors")
  void memoryStaysBoundedAndTheOutcomeIsClean(HostileCase hostileCase, String door)
      throws Exception {
    HostileRun.Result result = RUN.run(hostileCase, door);
    assertTrue(result.reported(), result.toString());
    assertTrue(
        result.peakGrowthBytes() <= BOUND_MIB * 1024L * 1024L,
        "held " + result.peakMiB() + " MiB, bound " + BOUND_MIB + ": " + result);
    if (hostileCase == HostileCase.DRIBBLED_FRAME) {
      // What the client holds of a frame that arrives a byte at a time is about what arrived.
      assertTrue(
          result.peakGrowthBytes() <= 2 * result.serverBytes() + SLACK_MIB * 1024L * 1024L,
          "held " + result.peakMiB() + " MiB of " + result.serverMiB() + " MiB sent: " + result);
    }
    if (hostileCase == HostileCase.REDIRECT_TO_UNIX_SOCKET) {
      assertTrue(result.outcome().contains("Refusing redirect 302"), result.toString());
    } else {
      // Backpressure (still open, the server held back by TCP), or the connection closed or
      // failed for a message too big (1009) or a policy violation (1008).
      assertTrue(
          result.outcome().equals("open") || result.outcome().matches("(closed|failed) 100[89].*"),
          result.toString());
    }
  }
}
