package dev.websocket.benchmarks.robustness;

import dev.websocket.client.HostileOwnClients;
import dev.websocket.testing.hostile.HostileCase;
import dev.websocket.testing.hostile.HostileRun;
import java.io.IOException;
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
 * 256 MiB of direct memory, the server flooding for 8 seconds. Each cell: the outcome, the peak
 * growth of memory (heap after a collection plus direct memory) and the time to the outcome.
 *
 * <p>Arguments: the output folder, then optionally a comma-separated list of clients. Writes
 * {@code robustness.md} there and prints it.
 */
public final class RobustnessTable {

  private static final String MEMORY_LIMIT = "256m";
  private static final Duration HOLD = Duration.ofSeconds(8);

  private RobustnessTable() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
    List<String> clients = new ArrayList<>(HostileOwnClients.KEYS);
    clients.addAll(PeerClients.KEYS);
    if (args.length > 1 && !args[1].isBlank()) {
      clients = Arrays.asList(args[1].split(","));
    }
    HostileRun run = new HostileRun(RobustnessChild.class.getName(), System.getProperty("java.class.path"), MEMORY_LIMIT, HOLD);
    StringBuilder table = new StringBuilder();
    table.append("| hostile server (").append(HOLD.toSeconds()).append(" s) |");
    clients.forEach(c -> table.append(' ').append(c).append(" |"));
    table.append("\n|---|").append("---|".repeat(clients.size())).append('\n');
    for (HostileCase hostileCase : HostileCase.values()) {
      table.append("| ").append(hostileCase.description()).append(" |");
      for (String client : clients) {
        HostileRun.Result result = run.run(hostileCase, client);
        System.err.println(result);
        table.append(' ').append(cell(result)).append(" |");
      }
      table.append('\n');
    }
    String text = "Each cell: the outcome; the client JVM's peak memory growth (heap after a collection, plus direct"
        + " memory) of the bytes the server sent; the time to the outcome. \"open\": still open at the end, the"
        + " server held back by TCP when little was sent.\n\n" + table;
    Files.createDirectories(out);
    Files.writeString(out.resolve("robustness.md"), text, StandardCharsets.UTF_8);
    System.out.println(text);
  }

  private static String cell(HostileRun.Result result) {
    String outcome = result.outcome().replace("|", "/");
    if (outcome.length() > 60) {
      outcome = outcome.substring(0, 57) + "...";
    }
    if (!result.reported()) {
      return "**" + outcome + "**";
    }
    String time = outcome.equals("open") ? "" : String.format("; %.1f s", result.millis() / 1000.0);
    return outcome + "; " + result.peakMiB() + " MiB held of " + result.serverMiB() + " MiB sent" + time;
  }
}
