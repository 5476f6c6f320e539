package dev.websocket.benchmarks.h2;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The chart of an HTTP/2 benchmark table ({@code http2-N.md}): open rates one by one and in flight,
 * memory per idle WebSocket and 64 B throughput, one bar per client, drawn from the table itself so
 * that the chart always shows the committed figures.
 */
final class Http2Chart {

  /** A column of the table: its title, its index among the cells, and which way is better. */
  private record Column(String title, int cell, boolean higherIsBetter) {}

  private static final List<Column> COLUMNS =
      List.of(
          new Column("WebSockets opened per second, one by one", 2, true),
          new Column("WebSockets opened per second, 100 in flight", 3, true),
          new Column("heap + native bytes per idle WebSocket", -1, false),
          new Column("64 B messages per second over 100 WebSockets", 6, true));

  private Http2Chart() {}

  /** Draws {@code table}'s figures into {@code png}. */
  static void write(Path table, Path png) throws IOException {
    Map<String, double[]> rows = rows(table);
    int w = 640;
    int h = 380;
    BufferedImage image = new BufferedImage(w * 2, h * 2, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    for (int i = 0; i < COLUMNS.size(); i++) {
      Column column = COLUMNS.get(i);
      CategoryChart chart =
          new CategoryChartBuilder()
              .width(w)
              .height(h)
              .title(
                  column.title()
                      + (column.higherIsBetter() ? " (higher is better)" : " (lower is better)"))
              .build();
      chart.getStyler().setLegendVisible(false);
      chart.getStyler().setChartBackgroundColor(Color.WHITE);
      chart.getStyler().setDecimalPattern("#,###");
      chart.getStyler().setLabelsVisible(true);
      chart.getStyler().setSeriesColors(new Color[] {new Color(0x1f77b4)});
      chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
      List<String> names = new ArrayList<>(rows.keySet());
      List<Double> values = new ArrayList<>();
      for (double[] cells : rows.values()) {
        // Memory is the sum of the heap and native columns.
        values.add(column.cell() < 0 ? cells[4] + cells[5] : cells[column.cell()]);
      }
      chart.addSeries(column.title(), names, values);
      g.drawImage(BitmapEncoder.getBufferedImage(chart), (i % 2) * w, (i / 2) * h, null);
    }
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }

  /** The table's rows: client name to its numeric cells, by column index (0 is the name). */
  private static Map<String, double[]> rows(Path table) throws IOException {
    Map<String, double[]> rows = new LinkedHashMap<>();
    boolean inTable = false;
    for (String line : Files.readAllLines(table)) {
      if (line.startsWith("| client |")) {
        inTable = true;
        continue;
      }
      if (!inTable || line.startsWith("|---")) {
        continue;
      }
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.substring(1).split("\\|");
      double[] values = new double[cells.length];
      for (int i = 1; i < cells.length; i++) {
        values[i] = Double.parseDouble(cells[i].trim().replace(",", ""));
      }
      rows.put(cells[0].trim(), values);
    }
    if (rows.isEmpty()) {
      throw new IOException("no table in " + table);
    }
    return rows;
  }
}
