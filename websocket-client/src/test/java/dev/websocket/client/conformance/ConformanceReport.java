package dev.websocket.client.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Counts each category's cases and passes per {@link Transport}, and writes a table for each
 * transport that ran to {@code target/conformance.md}. A {@link TestWatcher} hears of a test after
 * its after-each callbacks, so a case that leaked a buffer (failed by the leak extension) counts as
 * failed.
 */
final class ConformanceReport implements TestWatcher {

  /** The categories, in Autobahn's numbering. */
  static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry("1", "Framing (text and binary lengths, chopped)"),
          Map.entry("2", "Pings and pongs"),
          Map.entry("3", "Reserved bits"),
          Map.entry("4", "Reserved opcodes"),
          Map.entry("5", "Fragmentation"),
          Map.entry("6", "UTF-8 handling (incl. fail-fast)"),
          Map.entry("7", "Close handling and close codes"),
          Map.entry("9", "Limits and large messages (to 16 MiB)"),
          Map.entry("10", "Auto-fragmentation"),
          Map.entry("12", "permessage-deflate: echo of sizes and payload kinds"),
          Map.entry("13", "permessage-deflate: window bits × context takeover"));

  /** Per transport, per category: cases run, cases passed. */
  private static final Map<Transport, Map<String, int[]>> COUNTS = new ConcurrentHashMap<>();

  @Override
  public void testSuccessful(ExtensionContext context) {
    count(context, true);
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    count(context, false);
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    count(context, false);
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    // not run, not counted
  }

  private static void count(ExtensionContext context, boolean passed) {
    String name = context.getDisplayName();
    int dot = name.indexOf('.');
    if (dot <= 0 || !NAMES.containsKey(name.substring(0, dot))) {
      return;
    }
    Transport transport =
        context
            .getTestInstance()
            .map(instance -> ((ConformanceSuite) instance).transport())
            .orElseThrow();
    int[] counts =
        COUNTS
            .computeIfAbsent(transport, t -> new ConcurrentHashMap<>())
            .computeIfAbsent(name.substring(0, dot), k -> new int[2]);
    synchronized (counts) {
      counts[0]++;
      if (passed) {
        counts[1]++;
      }
    }
  }

  /** The table of one transport in Markdown. */
  static String table(Transport transport) {
    Map<String, int[]> counts = COUNTS.getOrDefault(transport, Map.of());
    StringBuilder sb = new StringBuilder();
    sb.append("| category | cases | passed |\n|---|---:|---:|\n");
    Map<Integer, String> ordered = new TreeMap<>();
    counts.keySet().forEach(k -> ordered.put(Integer.parseInt(k), k));
    int cases = 0;
    int passed = 0;
    for (String key : ordered.values()) {
      int[] c = counts.get(key);
      sb.append("| ")
          .append(key)
          .append(".* ")
          .append(NAMES.get(key))
          .append(" | ")
          .append(c[0])
          .append(" | ")
          .append(c[1])
          .append(" |\n");
      cases += c[0];
      passed += c[1];
    }
    sb.append("| **all** | **").append(cases).append("** | **").append(passed).append("** |\n");
    return sb.toString();
  }

  /** Writes the tables to {@code target/conformance.md} of the module. */
  static void write() {
    Path target = Path.of(System.getProperty("basedir", "."), "target");
    StringBuilder md =
        new StringBuilder("# Client conformance (Autobahn|Testsuite client categories)\n");
    for (Transport transport : Transport.values()) {
      if (COUNTS.containsKey(transport)) {
        md.append("\n## Over ").append(transport).append("\n\n").append(table(transport));
      }
    }
    try {
      Files.createDirectories(target);
      Files.writeString(target.resolve("conformance.md"), md.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
