package org.likeness.eval;

import java.util.Arrays;

/**
 * Picks the distance threshold that maximizes pair accuracy: a pair is called "same" when its
 * distance is at most the threshold. Candidates are midpoints between consecutive sorted distances,
 * so the choice never sits on a sample; ties in accuracy go to the smallest threshold (the safer
 * one for a door).
 */
public final class ThresholdChoice {
  private ThresholdChoice() {}

  /** The accuracy-maximizing threshold. */
  public static double bestAccuracy(double[] distances, boolean[] same) {
    int n = checked(distances, same);
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(distances[x], distances[y]));
    int sameTotal = 0;
    for (boolean s : same) {
      sameTotal += s ? 1 : 0;
    }
    // Threshold below everything: every pair called "different".
    int correct = n - sameTotal;
    int bestCorrect = correct;
    double best = distances[order[0]] - 1e-6;
    for (int k = 0; k < n; k++) {
      correct += same[order[k]] ? 1 : -1;
      boolean lastOfTie = k == n - 1 || distances[order[k + 1]] > distances[order[k]];
      if (lastOfTie && correct > bestCorrect) {
        bestCorrect = correct;
        best = k == n - 1 ? distances[order[k]] + 1e-6 : (distances[order[k]] + distances[order[k + 1]]) / 2;
      }
    }
    return best;
  }

  /** Fraction of pairs decided correctly at {@code threshold}. */
  public static double accuracy(double[] distances, boolean[] same, double threshold) {
    int n = checked(distances, same);
    int correct = 0;
    for (int i = 0; i < n; i++) {
      if ((distances[i] <= threshold) == same[i]) {
        correct++;
      }
    }
    return (double) correct / n;
  }

  private static int checked(double[] distances, boolean[] same) {
    if (distances.length != same.length || distances.length == 0) {
      throw new IllegalArgumentException(
          "need as many labels as distances, and at least one: " + distances.length + " vs " + same.length);
    }
    return distances.length;
  }
}
