package dev.websocket.client.faults;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The full load run: 10,000 concurrent connections on loopback to an echo server in a JVM of its
 * own, 1,000 of them echoing messages, held for a minute; no errors, no leaks, client memory per
 * connection printed (see {@link LoadRun}). Tagged {@code load}, which the build excludes; run it
 * with
 *
 * <pre>
 * ulimit -n 12000   # one descriptor per connection in each JVM: 11,024 needed
 * ./mvnw -pl websocket-client test -Dtest=TenThousandConnectionsLoadTest -Dsurefire.excludedGroups=
 * </pre>
 *
 * <p>The file-descriptor limit must be raised in the shell that starts Maven (the JVM cannot raise
 * its own); with too low a limit the test is skipped with a message saying so. {@code
 * -Dload.connections}, {@code -Dload.active} and {@code -Dload.seconds} change the shape; {@code
 * -Dload.inProcessServer=true} runs the server in the test's JVM (two descriptors per connection).
 */
@Tag("load")
class TenThousandConnectionsLoadTest {

  @Test
  void tenThousandConnectionsWithAThousandActiveForAMinuteEndCleanly() {
    int connections = Integer.getInteger("load.connections", 10_000);
    int active = Integer.getInteger("load.active", 1_000);
    Duration hold = Duration.ofSeconds(Integer.getInteger("load.seconds", 60));
    assertTimeoutPreemptively(
        Duration.ofMinutes(10),
        () ->
            new LoadRun(connections, active, hold, !Boolean.getBoolean("load.inProcessServer"))
                .run());
  }
}
