package dev.websocket.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test (or, for leaks found late, the test class) that leaked a Netty reference-counted
 * object.
 *
 * <p>Netty only logs a leak, and only when the leaked object has been garbage collected and a later
 * allocation polls the detector's reference queue. This extension installs a detector factory that
 * records every report, then after each test forces a collection and an allocation so reports
 * surface while the test that caused them is still the one running. It is registered through
 * {@code META-INF/services} and JUnit's extension auto-detection, so every test in the build gets it.
 *
 * <p>The factory must be installed before {@code AbstractByteBuf} creates its detector; loading this
 * class (which JUnit does before the first test class) does that.
 */
public final class LeakDetectionExtension implements AfterEachCallback, AfterAllCallback {

  private static final ConcurrentLinkedQueue<String> REPORTS = new ConcurrentLinkedQueue<>();

  /** Rounds of collect-and-poll after a class: a weak reference may be enqueued a little after GC. */
  private static final int CLASS_END_ROUNDS = 3;

  static {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    failOn(collectLeaks(1), context.getDisplayName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    failOn(collectLeaks(CLASS_END_ROUNDS), context.getDisplayName());
  }

  /**
   * Collects garbage, polls the leak detectors and returns (and forgets) every leak reported since
   * the last call. Tests of the extension itself call this to observe a deliberate leak.
   */
  public static List<String> collectLeaks() {
    return collectLeaks(CLASS_END_ROUNDS);
  }

  private static List<String> collectLeaks(int rounds) {
    for (int i = 0; i < rounds; i++) {
      System.gc();
      if (i > 0) {
        pauseForReferenceHandler();
      }
      pollDetectors();
    }
    List<String> leaks = new ArrayList<>();
    for (String report; (report = REPORTS.poll()) != null; ) {
      leaks.add(report);
    }
    return leaks;
  }

  /** A tracked allocation makes the detector drain its reference queue and report what it finds. */
  private static void pollDetectors() {
    ByteBuf probe = ByteBufAllocator.DEFAULT.buffer(1);
    probe.release();
    ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.directBuffer(1);
    unpooled.release();
  }

  private static void pauseForReferenceHandler() {
    try {
      TimeUnit.MILLISECONDS.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void failOn(List<String> leaks, String where) {
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          "Netty resource leak detected in " + where + " (" + leaks.size() + "):\n"
              + String.join("\n", leaks));
    }
  }

  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval, long maxActive) {
      return new RecordingDetector<>(resource, samplingInterval);
    }
  }

  private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
    RecordingDetector(Class<T> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected boolean needReport() {
      return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      REPORTS.add("LEAK: " + resourceType + " was not released:" + records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      REPORTS.add("LEAK: " + resourceType + " was not released (no access records)");
    }
  }
}
