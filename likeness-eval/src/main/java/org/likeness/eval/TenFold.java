package org.likeness.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The LFW View 2 protocol: for each fold, choose the threshold on the other folds and measure on the
 * held-out one. The spread is reported as the standard error: the sample standard deviation of the
 * fold accuracies (n - 1 in the denominator) divided by the square root of the number of folds.
 *
 * @param foldAccuracy accuracy of each held-out fold
 * @param foldThreshold the threshold chosen for each fold on the others
 * @param foldTar true-accept rate on each held-out fold at the threshold whose FAR on the other
 *     folds is at most {@code far}
 * @param far the FAR target of {@code foldTar}
 */
public record TenFold(double[] foldAccuracy, double[] foldThreshold, double[] foldTar, double far) {

  /** Runs the protocol over {@code folds} (0-based fold index per pair). */
  public static TenFold run(double[] distances, boolean[] same, int[] folds, double far) {
    int k = 0;
    for (int f : folds) {
      k = Math.max(k, f + 1);
    }
    if (k < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + k);
    }
    double[] acc = new double[k];
    double[] thr = new double[k];
    double[] tar = new double[k];
    for (int fold = 0; fold < k; fold++) {
      Split train = split(distances, same, folds, fold, false);
      Split test = split(distances, same, folds, fold, true);
      thr[fold] = ThresholdChoice.bestAccuracy(train.d, train.s);
      acc[fold] = ThresholdChoice.accuracy(test.d, test.s, thr[fold]);
      double farThreshold = Roc.of(train.d, train.s).thresholdAt(far);
      int tp = 0;
      int p = 0;
      for (int i = 0; i < test.d.length; i++) {
        if (test.s[i]) {
          p++;
          tp += test.d[i] <= farThreshold ? 1 : 0;
        }
      }
      tar[fold] = p == 0 ? Double.NaN : (double) tp / p;
    }
    return new TenFold(acc, thr, tar, far);
  }

  public double meanAccuracy() {
    return mean(foldAccuracy);
  }

  /** Sample standard deviation over folds divided by the square root of the fold count. */
  public double standardError() {
    double m = meanAccuracy();
    double ss = 0;
    for (double a : foldAccuracy) {
      ss += (a - m) * (a - m);
    }
    return Math.sqrt(ss / (foldAccuracy.length - 1)) / Math.sqrt(foldAccuracy.length);
  }

  public double meanTar() {
    return mean(foldTar);
  }

  private static double mean(double[] xs) {
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s / xs.length;
  }

  private record Split(double[] d, boolean[] s) {}

  private static Split split(double[] d, boolean[] s, int[] folds, int fold, boolean heldOut) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < d.length; i++) {
      if ((folds[i] == fold) == heldOut) {
        idx.add(i);
      }
    }
    double[] dd = new double[idx.size()];
    boolean[] ss = new boolean[idx.size()];
    for (int i = 0; i < dd.length; i++) {
      dd[i] = d[idx.get(i)];
      ss[i] = s[idx.get(i)];
    }
    return new Split(dd, ss);
  }
}
