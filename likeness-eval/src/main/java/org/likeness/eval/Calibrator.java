package org.likeness.eval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.likeness.models.Calibration;
import org.likeness.models.ModelSpec;

/** Turns the distances of a labelled pair list into a {@link Calibration}. */
public final class Calibrator {
  /** The false-accept rates every calibration includes. */
  public static final List<Double> STANDARD_FARS = List.of(1e-1, 1e-2, 1e-3);

  private Calibrator() {}

  public static Calibration calibrate(
      ModelSpec spec, boolean flip, PairScores scores, String source, List<Double> extraFars) {
    boolean[] same = scores.labels();
    Roc roc = Roc.of(scores.distances(), same);
    TreeSet<Double> fars = new TreeSet<>(STANDARD_FARS);
    fars.addAll(extraFars);
    List<Calibration.Point> points = new ArrayList<>();
    for (double far : fars.descendingSet()) {
      double t = roc.thresholdAt(far);
      int tp = 0;
      int p = 0;
      for (int i = 0; i < same.length; i++) {
        if (same[i]) {
          p++;
          tp += scores.distances()[i] <= t ? 1 : 0;
        }
      }
      points.add(new Calibration.Point(far, round(t), (double) tp / p));
    }
    int negatives = same.length - (int) java.util.stream.IntStream.range(0, same.length).filter(i -> same[i]).count();
    return new Calibration(
        spec.name(), spec.sha256(), spec.metric().name().toLowerCase(Locale.ROOT), flip,
        source + " (" + scores.pairs().size() + " pairs, " + negatives + " different-person)",
        Instant.now().toString(), round(scores.bestThreshold()), points);
  }

  private static double round(double d) {
    return Math.round(d * 1e6) / 1e6;
  }
}
