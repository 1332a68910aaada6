package org.likeness.eval.liveness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The presentation-attack tables: per model and set, AUC, APCER at BPCER 5% and 10%, and APCER,
 * BPCER and ACER at each model's threshold; then BPCER on LFW and the time per face.
 */
public final class PadReport {
  private static final double DET_FLOOR = 1e-3;

  private PadReport() {}

  /** The figures of model {@code k} over {@code sets} pooled, at {@code threshold}. */
  public static PadMetrics metrics(PadScoring.Result r, int k, List<String> sets, double threshold) {
    return PadMetrics.of(PadScoring.scores(r, k, sets, false), PadScoring.scores(r, k, sets, true), threshold);
  }

  /**
   * The markdown table. {@code groups} names the rows: a set, or several pooled (e.g. "test sets").
   */
  public static String table(PadScoring.Result r, Map<String, List<String>> groups, double[] thresholds) {
    StringBuilder sb = new StringBuilder();
    sb.append("| model | sets | live / attacks (no face) | AUC | APCER @ BPCER 5% | APCER @ BPCER 10% |"
        + " threshold | APCER | BPCER | ACER |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (int k = 0; k < r.models().size(); k++) {
      for (Map.Entry<String, List<String>> g : groups.entrySet()) {
        PadMetrics m = metrics(r, k, g.getValue(), thresholds[k]);
        sb.append(String.format(Locale.ROOT, "| %s | %s | %d / %d (%d) | %.3f | %s | %s | %.4f | %s | %s | %s |%n",
            r.models().get(k), g.getKey(), m.live(), m.attacks(), PadScoring.noFace(r, g.getValue()), m.auc(),
            pct(m.apcerAtBpcer5()), pct(m.apcerAtBpcer10()), thresholds[k], pct(m.apcer()), pct(m.bpcer()),
            pct(m.acer())));
      }
    }
    return sb.toString();
  }

  /** BPCER on live LFW photos at each threshold, and the time per face. */
  public static String lfwTable(PadScoring.Result lfw, double[] thresholds, double[] millis) {
    StringBuilder sb = new StringBuilder();
    sb.append("| model | LFW photos (no face) | BPCER on LFW at the threshold | ms per face (median, 1 thread) |\n");
    sb.append("|---|---|---|---|\n");
    List<String> all = lfw.scored().stream().map(s -> s.sample().set()).distinct().toList();
    for (int k = 0; k < lfw.models().size(); k++) {
      double[] live = PadScoring.scores(lfw, k, all, false);
      PadMetrics m = PadMetrics.of(live, new double[0], thresholds[k]);
      sb.append(String.format(Locale.ROOT, "| %s | %d (%d) | %s | %.1f |%n", lfw.models().get(k), live.length,
          PadScoring.noFace(lfw, all), pct(m.bpcer()), millis[k]));
    }
    return sb.toString();
  }

  /** A DET chart (APCER against BPCER, log axes): one curve per model and group. */
  public static void writeDet(PadScoring.Result r, Map<String, List<String>> groups, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(900).height(650).title("Presentation-attack detection: DET")
        .xAxisTitle("APCER (attacks accepted as live)").yAxisTitle("BPCER (live faces refused)").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setXAxisMin(DET_FLOOR);
    chart.getStyler().setXAxisMax(1.0);
    chart.getStyler().setYAxisMin(DET_FLOOR);
    chart.getStyler().setYAxisMax(1.0);
    for (int k = 0; k < r.models().size(); k++) {
      for (Map.Entry<String, List<String>> g : groups.entrySet()) {
        double[] live = PadScoring.scores(r, k, g.getValue(), false);
        double[] attacks = PadScoring.scores(r, k, g.getValue(), true);
        if (live.length == 0 || attacks.length == 0) {
          continue;
        }
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (double[] p : PadMetrics.det(live, attacks)) {
          x.add(Math.max(DET_FLOOR, p[0]));
          y.add(Math.max(DET_FLOOR, p[1]));
        }
        XYSeries s = chart.addSeries(r.models().get(k) + ", " + g.getKey(), x, y);
        s.setMarker(SeriesMarkers.NONE);
      }
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    String name = file.toString();
    BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
        BitmapEncoder.BitmapFormat.PNG);
  }

  /** Rows for each set on its own, then the development and the report sets pooled. */
  public static Map<String, List<String>> groups(List<String> sets, List<String> chosenOn) {
    Map<String, List<String>> g = new LinkedHashMap<>();
    for (String s : sets) {
      g.put(s + (chosenOn.contains(s) ? " (dev)" : ""), List.of(s));
    }
    List<String> dev = sets.stream().filter(chosenOn::contains).toList();
    List<String> test = sets.stream().filter(s -> !chosenOn.contains(s)).toList();
    if (dev.size() > 1) {
      g.put("dev sets pooled", dev);
    }
    if (test.size() > 1) {
      g.put("report sets pooled", test);
    }
    return g;
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }
}
