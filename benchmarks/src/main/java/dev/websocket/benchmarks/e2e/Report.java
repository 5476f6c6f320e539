package dev.websocket.benchmarks.e2e;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Turns the figures into the markdown tables (absolute, × best peer, × raw TCP, targets) and the
 * PNG chart. Each figure is the median over the rounds; ratios come from the same run only.
 */
final class Report {

  /** One column of the tables. */
  enum Metric {
    RT_P50("rt_p50_us", "RT p50 (µs)", false, "%.1f"),
    RT_P99("rt_p99_us", "RT p99 (µs)", false, "%.1f"),
    RT_ONE_CPU_P50("rt_one_p50_us", "RT p50, one CPU (µs)", false, "%.1f"),
    RT_ONE_CPU_P99("rt_one_p99_us", "RT p99, one CPU (µs)", false, "%.1f"),
    PIPELINED("pipelined_msgs_per_s", "pipelined 64 B (msg/s)", true, "%,.0f"),
    BULK("bulk_mb_per_s", "1 MiB echo (MB/s)", true, "%,.0f"),
    HANDSHAKES("handshakes_per_s", "handshakes (/s)", true, "%,.0f"),
    IDLE_HEAP("idle_heap_per_conn_b", "idle heap (B/conn)", false, "%,.0f"),
    IDLE_NATIVE("idle_native_per_conn_b", "idle native (B/conn)", false, "%,.0f"),
    IDLE_TOTAL("idle_total_per_conn_b", "idle total (B/conn)", false, "%,.0f"),
    IDLE_OPEN("idle_open_s", "open all idle (s)", false, "%.2f");

    final String key;
    final String label;
    final boolean higherIsBetter;
    final String format;

    Metric(String key, String label, boolean higherIsBetter, String format) {
      this.key = key;
      this.label = label;
      this.higherIsBetter = higherIsBetter;
      this.format = format;
    }
  }

  private final Profile profile;
  private final Environment environment;
  private final List<String> clients;
  private final Map<String, Map<String, List<Double>>> figures;
  private final Map<String, String> notes;

  Report(
      Profile profile,
      Environment environment,
      List<String> clients,
      Map<String, Map<String, List<Double>>> figures,
      Map<String, String> notes) {
    this.profile = profile;
    this.environment = environment;
    this.clients = clients;
    this.figures = figures;
    this.notes = notes;
  }

  /** The median over the rounds, or NaN when the client produced no figure. */
  double value(String client, Metric metric) {
    if (metric == Metric.IDLE_TOTAL) {
      return value(client, Metric.IDLE_HEAP) + value(client, Metric.IDLE_NATIVE);
    }
    return median(figures.getOrDefault(client, Map.of()).get(metric.key));
  }

  private boolean isPeer(String client) {
    return !client.startsWith("this-") && !client.equals(Peers.RAW);
  }

  /** The best figure among the peers (not this project's front doors, not raw TCP). */
  double bestPeer(Metric metric) {
    double best = Double.NaN;
    for (String c : clients) {
      double v = value(c, metric);
      if (!isPeer(c) || Double.isNaN(v)) {
        continue;
      }
      if (Double.isNaN(best) || (metric.higherIsBetter ? v > best : v < best)) {
        best = v;
      }
    }
    return best;
  }

  String bestPeerName(Metric metric) {
    double best = bestPeer(metric);
    for (String c : clients) {
      if (isPeer(c) && value(c, metric) == best) {
        return c;
      }
    }
    return "?";
  }

  private int opened(String client) {
    List<Double> v = figures.getOrDefault(client, Map.of()).get("idle_opened");
    return v == null || v.isEmpty() ? 0 : (int) Math.round(v.get(0));
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("## End-to-end: ").append(profile.name).append(" run\n\n");
    for (Map.Entry<String, String> fact : environment.facts.entrySet()) {
      md.append("- ").append(fact.getKey()).append(": ").append(fact.getValue()).append('\n');
    }
    md.append("\n### Figures (median of ")
        .append(profile.rounds)
        .append(" round(s); idle: ")
        .append(profile.idleConnections)
        .append(" connections)\n\n");
    table(
        md,
        (c, m) -> {
          double v = value(c, m);
          String s = Double.isNaN(v) ? "—" : String.format(Locale.ROOT, m.format, v);
          if (m == Metric.IDLE_OPEN && !Double.isNaN(v) && opened(c) < profile.idleConnections) {
            s += " (" + opened(c) + " opened)";
          }
          return s;
        });
    md.append(
        "\n### × best peer (value ÷ the best peer's value; throughput: higher is better; latency, memory, time: lower is better)\n\n");
    table(md, (c, m) -> ratio(value(c, m), bestPeer(m)));
    md.append("\nBest peer per column: ");
    List<String> best = new ArrayList<>();
    for (Metric m : Metric.values()) {
      best.add(m.label + " " + bestPeerName(m));
    }
    md.append(String.join("; ", best)).append(".\n");
    md.append("\n### × raw TCP (value ÷ raw TCP's value)\n\n");
    table(md, (c, m) -> ratio(value(c, m), value(Peers.RAW, m)));
    md.append("\n### Targets\n\n");
    md.append("| target | ").append(String.join(" | ", ours())).append(" |\n");
    md.append("|---|").append("---|".repeat(ours().size())).append('\n');
    target(md, "pipelined 64 B ≥ 1.25× best peer", Metric.PIPELINED, false, 1.25);
    target(md, "handshakes/s ≥ 1.25× best peer", Metric.HANDSHAKES, false, 1.25);
    target(md, "RT p50 ≤ 1.15× raw TCP", Metric.RT_P50, true, 1.15);
    target(md, "RT p50, one CPU ≤ 1.15× raw TCP", Metric.RT_ONE_CPU_P50, true, 1.15);
    target(md, "RT p50 ≤ best peer", Metric.RT_P50, false, 1.0);
    target(md, "RT p99 ≤ best peer", Metric.RT_P99, false, 1.0);
    target(md, "RT p50, one CPU ≤ best peer", Metric.RT_ONE_CPU_P50, false, 1.0);
    target(md, "RT p99, one CPU ≤ best peer", Metric.RT_ONE_CPU_P99, false, 1.0);
    cpuTarget(md, "client CPU per round trip ≤ Netty's", "rt_client_cpu_us");
    cpuTarget(md, "client CPU per round trip, one CPU ≤ Netty's", "rt_one_client_cpu_us");
    target(md, "1 MiB echo ≥ 0.9× raw TCP", Metric.BULK, true, 0.9);
    target(md, "idle memory (heap + native) below every peer", Metric.IDLE_TOTAL, false, 1.0);
    md.append(
            "\n### Client CPU (diagnostic: the client process's CPU time over each workload's wall time, warm-up included but for round trips;\n")
        .append(
            "steadier than the rates on a shared machine; and the heap its threads allocate per pipelined message,\n")
        .append("which load does not change at all)\n\n");
    md.append(
        "| client | round trip (µs) | round trip, one CPU (µs) | pipelined (ns/msg) | pipelined heap (B/msg) | 1 MiB echo (µs/MB) | handshake (µs) | idle threads/conn |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String c : clients) {
      md.append("| ")
          .append(c)
          .append(" | ")
          .append(diagnostic(c, "rt_client_cpu_us", "%,.1f"))
          .append(" | ")
          .append(diagnostic(c, "rt_one_client_cpu_us", "%,.1f"))
          .append(" | ")
          .append(diagnostic(c, "pipelined_client_cpu_ns_per_msg", "%,.0f"))
          .append(" | ")
          .append(diagnostic(c, "pipelined_client_alloc_b_per_msg", "%,.0f"))
          .append(" | ")
          .append(diagnostic(c, "bulk_client_cpu_us_per_mb", "%,.0f"))
          .append(" | ")
          .append(diagnostic(c, "handshake_client_cpu_us", "%,.0f"))
          .append(" | ")
          .append(diagnostic(c, "idle_threads_per_conn", "%.2f"))
          .append(" |\n");
    }
    if (!notes.isEmpty()) {
      md.append("\nNotes:\n\n");
      notes.forEach((c, n) -> md.append("- ").append(c).append(": ").append(n).append('\n'));
    }
    return md.toString();
  }

  private String diagnostic(String client, String key, String format) {
    double median = median(figures.getOrDefault(client, Map.of()).get(key));
    return Double.isNaN(median) ? "—" : String.format(Locale.ROOT, format, median);
  }

  private List<String> ours() {
    List<String> ours = new ArrayList<>();
    for (String c : clients) {
      if (c.startsWith("this-")) {
        ours.add(c);
      }
    }
    return ours;
  }

  private void target(StringBuilder md, String label, Metric metric, boolean vsRaw, double goal) {
    md.append("| ").append(label).append(" |");
    for (String c : ours()) {
      double v = value(c, metric);
      double ref = vsRaw ? value(Peers.RAW, metric) : bestPeer(metric);
      double r = v / ref;
      boolean met;
      if (metric == Metric.IDLE_TOTAL) {
        met = r < goal;
      } else if (metric.higherIsBetter) {
        met = r >= goal;
      } else {
        met = r <= goal;
      }
      md.append(' ').append(targetCell(r, met)).append(" |");
    }
    md.append('\n');
  }

  private static String targetCell(double ratio, boolean met) {
    return Double.isNaN(ratio)
        ? "—"
        : String.format(Locale.ROOT, "%.2f× %s", ratio, met ? "met" : "**missed**");
  }

  /** A row of the targets: a door's CPU per round trip (median of the rounds) against Netty's. */
  private void cpuTarget(StringBuilder md, String label, String key) {
    md.append("| ").append(label).append(" |");
    double netty = median(figures.getOrDefault("netty", Map.of()).get(key));
    for (String c : ours()) {
      double r = median(figures.getOrDefault(c, Map.of()).get(key)) / netty;
      md.append(' ').append(targetCell(r, r <= 1.0)).append(" |");
    }
    md.append('\n');
  }

  private static double median(List<Double> values) {
    if (values == null || values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String ratio(double v, double ref) {
    return Double.isNaN(v) || Double.isNaN(ref) || ref == 0
        ? "—"
        : String.format(Locale.ROOT, "%.2f×", v / ref);
  }

  private void table(StringBuilder md, java.util.function.BiFunction<String, Metric, String> cell) {
    md.append("| client |");
    for (Metric m : Metric.values()) {
      md.append(' ').append(m.label).append(" |");
    }
    md.append("\n|---|");
    md.append("---:|".repeat(Metric.values().length)).append('\n');
    for (String c : clients) {
      md.append("| ").append(c).append(" |");
      for (Metric m : Metric.values()) {
        md.append(' ').append(cell.apply(c, m)).append(" |");
      }
      md.append('\n');
    }
  }

  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("e2e-" + profile.name + ".md"), markdown());
    ImageIO.write(chart(), "png", dir.resolve("e2e-" + profile.name + ".png").toFile());
  }

  /**
   * One bar chart per figure, in a grid; this project's front doors, the peers and raw TCP in three
   * colours.
   */
  private BufferedImage chart() {
    Metric[] metrics = {
      Metric.RT_P50,
      Metric.RT_P99,
      Metric.RT_ONE_CPU_P50,
      Metric.RT_ONE_CPU_P99,
      Metric.PIPELINED,
      Metric.BULK,
      Metric.HANDSHAKES,
      Metric.IDLE_HEAP,
      Metric.IDLE_NATIVE,
      Metric.IDLE_OPEN
    };
    int w = 720;
    int h = 400;
    int columns = 2;
    int rows = (metrics.length + columns - 1) / columns;
    BufferedImage image = new BufferedImage(w * columns, h * rows, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    for (int i = 0; i < metrics.length; i++) {
      Metric m = metrics[i];
      CategoryChart chart =
          new CategoryChartBuilder()
              .width(w)
              .height(h)
              .title(m.label + (m.higherIsBetter ? " — higher is better" : " — lower is better"))
              .build();
      chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
      chart.getStyler().setOverlapped(true);
      chart.getStyler().setXAxisLabelRotation(40);
      chart.getStyler().setChartBackgroundColor(Color.WHITE);
      chart
          .getStyler()
          .setSeriesColors(
              new Color[] {new Color(0x1f77b4), new Color(0xaaaaaa), new Color(0x2ca02c)});
      chart
          .getStyler()
          .setDecimalPattern(m.higherIsBetter && m != Metric.BULK ? "#,###" : "#,###.#");
      List<String> names = new ArrayList<>(clients);
      add(chart, "this project", names, m, c -> c.startsWith("this-"));
      add(chart, "peers", names, m, this::isPeer);
      add(chart, "raw tcp", names, m, c -> c.equals(Peers.RAW));
      g.drawImage(
          BitmapEncoder.getBufferedImage(chart), (i % columns) * w, (i / columns) * h, null);
    }
    g.dispose();
    return image;
  }

  private void add(
      CategoryChart chart,
      String series,
      List<String> names,
      Metric m,
      java.util.function.Predicate<String> which) {
    List<Double> ys = new ArrayList<>();
    for (String c : names) {
      double v = value(c, m);
      ys.add(which.test(c) && !Double.isNaN(v) ? Math.max(0, v) : 0.0);
    }
    chart.addSeries(series, names, ys);
  }
}
