package dev.websocket.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * surface while the test that caused them is still the one running. It is registered through {@code
 * META-INF/services} and JUnit's extension auto-detection, so every test in the build gets it.
 *
 * <p>The factory must be installed before {@code AbstractByteBuf} creates its detector; loading
 * this class (which JUnit does before the first test class) does that.
 */
public final class LeakDetectionExtension implements AfterEachCallback, AfterAllCallback {

  private static final ConcurrentLinkedQueue<String> REPORTS = new ConcurrentLinkedQueue<>();

  /**
   * Rounds of collect-and-poll after a test: the second catches trackers enqueued late in the
   * first.
   */
  private static final int TEST_END_ROUNDS = 2;

  /** Rounds of collect-and-poll after a class. */
  private static final int CLASS_END_ROUNDS = 3;

  /** The longest wait for a collection's references to be enqueued. */
  private static final long SENTINEL_WAIT_MILLIS = 500;

  static {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    failOn(collectLeaks(TEST_END_ROUNDS), context.getDisplayName());
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
      collectGarbage();
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

  /**
   * Runs a collection and waits until the JVM's reference handler has enqueued what it cleared: a
   * sentinel weak reference cleared by the same collection tells when that happened, so a leaked
   * buffer's tracker is on the detector's queue before the detectors are polled.
   */
  private static void collectGarbage() {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
    System.gc();
    try {
      if (queue.remove(SENTINEL_WAIT_MILLIS) == null) {
        sentinel.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void failOn(List<String> leaks, String where) {
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          "Netty resource leak detected in "
              + where
              + " ("
              + leaks.size()
              + "):\n"
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
