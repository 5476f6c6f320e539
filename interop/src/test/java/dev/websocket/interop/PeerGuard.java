package dev.websocket.interop;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.TestAbortedException;

/**
 * Turns a peer that could not be started for want of its program (see {@link Programs}) into a skip
 * of every test of the class, each reported as skipped with the reason. (A skip in
 * {@code @BeforeAll} alone shows in Maven as "Tests run: 0", which is easy to miss.) In CI a
 * missing program fails instead, before this is reached.
 */
final class PeerGuard {

  private volatile String skipReason;

  /** Starts the peer, or records why it is missing and returns null. */
  <T> T start(Callable<T> starter) throws Exception {
    try {
      return starter.call();
    } catch (TestAbortedException e) {
      skipReason = e.getMessage();
      System.err.println("[interop] WARNING: tests skipped: " + skipReason);
      return null;
    }
  }

  /** In {@code @BeforeEach}: skips the test when the peer is missing. */
  void assumeStarted() {
    Assumptions.assumeTrue(skipReason == null, skipReason);
  }
}
