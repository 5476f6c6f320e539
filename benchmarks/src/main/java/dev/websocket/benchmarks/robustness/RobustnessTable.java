package dev.websocket.benchmarks.robustness;

import dev.websocket.client.HostileOwnClients;
import dev.websocket.testing.hostile.HostileCase;
import dev.websocket.testing.hostile.HostileRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The robustness table (README, "Conformance"): every {@link HostileCase} against this client's
 * three front doors and every peer of the benchmarks, each in a child JVM with 256 MiB of heap and
 * 256 MiB of direct memory, the server flooding for 8 seconds. A row per client, a column per case;
 * each cell: the outcome, the peak growth of memory (heap after a collection plus direct memory) of
 * what the server sent, and the time to the outcome.
 *
 * <p>Arguments: the output folder, then optionally a comma-separated list of clients. Writes {@code
 * robustness.md} there and prints it.
 */
public final class RobustnessTable {

  private static final String MEMORY_LIMIT = "256m";
  private static final Duration HOLD = Duration.ofSeconds(8);

  /** Memory held that the table shows in bold: a quarter of the heap. */
  private static final int HEAVY_MIB = 64;

  private RobustnessTable() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
    List<String> clients = new ArrayList<>(HostileOwnClients.KEYS);
    clients.addAll(PeerClients.KEYS);
    if (args.length > 1 && !args[1].isBlank()) {
      clients = Arrays.asList(args[1].split(","));
    }
    HostileRun run =
        new HostileRun(
            RobustnessChild.class.getName(),
            System.getProperty("java.class.path"),
            MEMORY_LIMIT,
            HOLD);
    StringBuilder table = new StringBuilder("| client |");
    for (HostileCase hostileCase : HostileCase.values()) {
      table.append(' ').append(hostileCase.description()).append(" |");
    }
    table.append("\n|---|").append("---|".repeat(HostileCase.values().length)).append('\n');
    StringBuilder details = new StringBuilder();
    for (String client : clients) {
      table.append("| ").append(client).append(" |");
      for (HostileCase hostileCase : HostileCase.values()) {
        HostileRun.Result result = run.run(hostileCase, client);
        System.err.println(result);
        table.append(' ').append(cell(result)).append(" |");
        details
            .append("- ")
            .append(client)
            .append(", ")
            .append(hostileCase)
            .append(": ")
            .append(result.outcome())
            .append(" (")
            .append(result.millis())
            .append(" ms)\n");
      }
      table.append('\n');
    }
    String text =
        "Each cell: the outcome within "
            + HOLD.toSeconds()
            + " s; the client JVM's peak memory growth (heap"
            + " after a collection, plus direct memory) and the bytes the server managed to send; the time to the outcome."
            + " \"open\": still open at the end, the server held back by TCP when little was sent. In bold: out of memory,"
            + " or more than "
            + HEAVY_MIB
            + " MiB held.\n\n"
            + table;
    Files.createDirectories(out);
    Files.writeString(
        out.resolve("robustness.md"),
        text + "\nEvery outcome in full:\n\n" + details,
        StandardCharsets.UTF_8);
    System.out.println(text);
  }

  private static String cell(HostileRun.Result result) {
    if (!result.reported()) {
      return "**" + shortOutcome(result.outcome()) + "**";
    }
    String time =
        result.outcome().equals("open") ? "" : String.format("; %.1f s", result.millis() / 1000.0);
    String held = result.peakMiB() + " MiB";
    if (result.peakGrowthBytes() > HEAVY_MIB * 1024L * 1024L) {
      held = "**" + held + "**";
    }
    return shortOutcome(result.outcome())
        + "; "
        + held
        + " ("
        + result.serverMiB()
        + " MiB sent)"
        + time;
  }

  /** The outcome without its message: "closed 1009", "failed: SomeException", "open". */
  private static String shortOutcome(String outcome) {
    String[] parts = outcome.split(": ", 3);
    String shown =
        parts[0].equals("failed") || parts[0].equals("error")
            ? parts[0] + ": " + parts[1]
            : parts[0];
    if (outcome.contains("OutOfMemoryError")) {
      shown = "OutOfMemoryError";
    }
    return shown.replace("|", "/");
  }
}
