package org.likeness.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes ROC curves as CSV (every point) and as a PNG plot with a logarithmic FAR axis. */
public final class RocFiles {
  /** The smallest FAR drawn on the log axis; rates below it are drawn at it. */
  static final double FLOOR = 1e-4;

  private RocFiles() {}

  public static void writeCsv(Roc roc, Path file) throws IOException {
    StringBuilder sb = new StringBuilder("threshold,far,tar\n");
    for (Roc.Point p : roc.points()) {
      sb.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f%n", p.threshold(), p.far(), p.tar()));
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, sb, StandardCharsets.UTF_8);
  }

  /** One chart with a curve per named ROC. */
  public static void writePng(Map<String, Roc> curves, String title, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(900).height(650).title(title)
        .xAxisTitle("false accept rate").yAxisTitle("true accept rate").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setXAxisMin(FLOOR);
    chart.getStyler().setXAxisMax(1.0);
    chart.getStyler().setYAxisMin(0.5);
    chart.getStyler().setYAxisMax(1.0);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    for (Map.Entry<String, Roc> e : curves.entrySet()) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (Roc.Point p : e.getValue().points()) {
        x.add(Math.max(FLOOR, p.far()));
        y.add(p.tar());
      }
      XYSeries s = chart.addSeries(e.getKey(), x, y);
      s.setMarker(SeriesMarkers.NONE);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    String name = file.toString();
    BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
        BitmapEncoder.BitmapFormat.PNG);
  }
}
