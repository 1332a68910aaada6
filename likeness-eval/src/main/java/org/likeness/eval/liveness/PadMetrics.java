package org.likeness.eval.liveness;

import java.util.Arrays;
import org.likeness.eval.Roc;

/**
 * ISO/IEC 30107-3 figures for one group of scored faces, attack score higher = attack.
 *
 * @param live live faces scored
 * @param attacks attack faces scored
 * @param threshold the operating point: a score at or above it is refused as an attack
 * @param apcer attacks accepted as live at the threshold (score below it)
 * @param bpcer live faces refused at the threshold
 * @param auc the chance that a random attack scores above a random live face (ties count half)
 * @param apcerAtBpcer5 APCER at the threshold that refuses at most 5% of live faces
 * @param apcerAtBpcer10 APCER at the threshold that refuses at most 10% of live faces
 */
public record PadMetrics(int live, int attacks, double threshold, double apcer, double bpcer, double auc,
    double apcerAtBpcer5, double apcerAtBpcer10) {

  /** ACER: the mean of APCER and BPCER. */
  public double acer() {
    return (apcer + bpcer) / 2;
  }

  /** The figures for these scores at {@code threshold}; either group may be empty (its rates are NaN). */
  public static PadMetrics of(double[] liveScores, double[] attackScores, double threshold) {
    double[] l = liveScores.clone();
    double[] a = attackScores.clone();
    Arrays.sort(l);
    Arrays.sort(a);
    double apcer = a.length == 0 ? Double.NaN : (double) below(a, threshold) / a.length;
    double bpcer = l.length == 0 ? Double.NaN : 1 - (double) below(l, threshold) / l.length;
    boolean both = l.length > 0 && a.length > 0;
    return new PadMetrics(l.length, a.length, threshold, apcer, bpcer, both ? roc(l, a).auc() : Double.NaN,
        both ? (double) below(a, thresholdForBpcer(l, 0.05)) / a.length : Double.NaN,
        both ? (double) below(a, thresholdForBpcer(l, 0.10)) / a.length : Double.NaN);
  }

  /**
   * The lowest threshold that refuses at most {@code bpcer} of these live scores: just above the
   * live score at that quantile, so no live face sits on it.
   */
  public static double thresholdForBpcer(double[] liveScores, double bpcer) {
    if (liveScores.length == 0) {
      throw new IllegalArgumentException("a threshold for BPCER " + bpcer + " needs live scores");
    }
    if (!(bpcer >= 0 && bpcer < 1)) {
      throw new IllegalArgumentException("BPCER must lie in [0, 1), got " + bpcer);
    }
    double[] l = liveScores.clone();
    Arrays.sort(l);
    int mayRefuse = (int) Math.floor(bpcer * l.length + 1e-9);
    int keep = l.length - mayRefuse; // the lowest `keep` live scores must stay under the threshold
    return Math.nextUp(l[keep - 1]);
  }

  /** How many sorted values are strictly below {@code t}. */
  private static int below(double[] sorted, double t) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The attack score read as a distance ({@link Roc}): a live face is the "same" kind, accepted as
   * live when its score is low. The curve's false-accept rate is then APCER and 1 - its true-accept
   * rate is BPCER, and its AUC is P(attack scores above live) with ties counted half.
   */
  private static Roc roc(double[] live, double[] attacks) {
    double[] scores = new double[live.length + attacks.length];
    boolean[] isLive = new boolean[scores.length];
    System.arraycopy(live, 0, scores, 0, live.length);
    System.arraycopy(attacks, 0, scores, live.length, attacks.length);
    java.util.Arrays.fill(isLive, 0, live.length, true);
    return Roc.of(scores, isLive);
  }

  /** The DET curve: for every distinct threshold, (APCER, BPCER). */
  public static double[][] det(double[] liveScores, double[] attackScores) {
    return roc(liveScores, attackScores).points().stream()
        .map(p -> new double[] {p.far(), 1 - p.tar()}).toArray(double[][]::new);
  }
}
