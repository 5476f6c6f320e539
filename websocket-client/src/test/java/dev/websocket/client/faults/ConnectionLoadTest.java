package dev.websocket.client.faults;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The small load run of every build: 500 connections to an in-process server on loopback, 50 of
 * them echoing messages for 5 seconds, then all closed; no errors, no leaks (see {@link LoadRun}).
 * The full run is {@link TenThousandConnectionsLoadTest}.
 */
class ConnectionLoadTest {

  @Test
  void fiveHundredConnectionsWithFiftyActiveForFiveSecondsEndCleanly() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(120), () -> new LoadRun(500, 50, Duration.ofSeconds(5), false).run());
  }
}
