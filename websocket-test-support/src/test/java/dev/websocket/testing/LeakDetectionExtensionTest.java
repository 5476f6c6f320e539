package dev.websocket.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class LeakDetectionExtensionTest {

  @Test
  void runsAtParanoidLevel() {
    assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel());
  }

  @Test
  void deliberateLeakIsCaught() {
    leakOneBuffer();
    List<String> leaks = LeakDetectionExtension.collectLeaks();
    assertFalse(leaks.isEmpty(), "the leaked buffer was not reported");
    assertTrue(leaks.get(0).contains("ByteBuf"), leaks.get(0));
  }

  @Test
  void releasedBufferIsNotReported() {
    ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(16).writeInt(42);
    buf.release();
    assertEquals(List.of(), LeakDetectionExtension.collectLeaks());
  }

  @Test
  void testThatLeaksFailsThroughTheExtension() {
    Events events =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
            .selectors(selectClass(LeakingFixture.class))
            .execute()
            .testEvents();
    assertEquals(1, events.failed().count(), "the leaking test must fail");
    Throwable failure =
        events.failed().stream()
            .findFirst()
            .orElseThrow()
            .getPayload(org.junit.platform.engine.TestExecutionResult.class)
            .orElseThrow()
            .getThrowable()
            .orElseThrow();
    assertTrue(failure.getMessage().contains("Netty resource leak detected"), failure.getMessage());
  }

  private static void leakOneBuffer() {
    ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(64);
    buf.writeLong(7);
    // dropped without release(): a leak
  }

  /** Run only through the test kit above: its one test leaks on purpose. */
  static class LeakingFixture {
    @Test
    void leaks() {
      leakOneBuffer();
    }
  }
}
