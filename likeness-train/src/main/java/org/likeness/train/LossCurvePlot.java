package org.likeness.train;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws a training run's loss curve and active-triplet fraction per epoch as a PNG (XChart). */
public final class LossCurvePlot {
  private LossCurvePlot() {}

  /** Where {@code likeness train} puts the plot for head file {@code out}: {@code <name>-loss.png} beside it. */
  public static Path besideHead(Path out) {
    String name = out.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return out.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "-loss.png");
  }

  /** Writes the plot of {@code epochs} to {@code png}. */
  public static void write(List<EpochStats> epochs, String title, Path png) throws IOException {
    if (epochs.isEmpty()) {
      throw new IllegalArgumentException("no epochs to plot for " + png);
    }
    double[] x = new double[epochs.size()];
    double[] loss = new double[epochs.size()];
    double[] active = new double[epochs.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = epochs.get(i).epoch();
      loss[i] = epochs.get(i).meanLoss();
      active[i] = epochs.get(i).activeFraction();
    }
    XYChart chart = new XYChartBuilder().width(800).height(480).title(title)
        .xAxisTitle("epoch").yAxisTitle("mean triplet loss").build();
    chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
    XYSeries l = chart.addSeries("mean triplet loss", x, loss);
    l.setMarker(SeriesMarkers.CIRCLE);
    XYSeries a = chart.addSeries("active triplet fraction", x, active);
    a.setMarker(SeriesMarkers.DIAMOND);
    a.setYAxisGroup(1);
    chart.setYAxisGroupTitle(1, "active fraction");
    try (OutputStream out = Files.newOutputStream(png)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }
}
