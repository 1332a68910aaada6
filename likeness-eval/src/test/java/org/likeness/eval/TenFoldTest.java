package org.likeness.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TenFoldTest {
  @Test
  void perfectlySeparableScoresGiveFullAccuracyAndZeroError() {
    int n = 100;
    double[] d = new double[n];
    boolean[] s = new boolean[n];
    int[] folds = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = i % 2 == 0;
      d[i] = s[i] ? 0.1 + i * 1e-3 : 0.8 + i * 1e-3;
      folds[i] = i / 10;
    }
    TenFold r = TenFold.run(d, s, folds, 1e-3);
    assertEquals(1.0, r.meanAccuracy(), 1e-12);
    assertEquals(0.0, r.standardError(), 1e-12);
    assertEquals(1.0, r.meanTar(), 1e-12);
    assertEquals(1.0, Roc.of(d, s).auc(), 1e-12);
    assertEquals(0.0, Roc.of(d, s).eer(), 1e-12);
  }

  @Test
  void knownSplitGivesTheHandComputedMeanAndStandardError() {
    // Ten folds of 5 same (distance 0.1) and 5 different (0.9) pairs; in fold f, errors[f] of the
    // same pairs sit at 0.95, beyond every different pair, so no threshold can save them.
    int[] errors = {0, 1, 0, 2, 0, 1, 0, 0, 1, 0};
    double[] d = new double[100];
    boolean[] s = new boolean[100];
    int[] folds = new int[100];
    for (int f = 0; f < 10; f++) {
      for (int j = 0; j < 10; j++) {
        int i = f * 10 + j;
        folds[i] = f;
        s[i] = j < 5;
        d[i] = j < errors[f] ? 0.95 : s[i] ? 0.1 : 0.9;
      }
    }
    TenFold r = TenFold.run(d, s, folds, 1e-2);
    assertArrayEquals(new double[] {1, .9, 1, .8, 1, .9, 1, 1, .9, 1}, r.foldAccuracy(), 1e-12);
    assertEquals(0.95, r.meanAccuracy(), 1e-12);
    // Sample sd: sqrt((6 * 0.05^2 + 3 * 0.05^2 + 0.15^2) / 9) = 0.0707107; SE = sd / sqrt(10).
    assertEquals(0.0223607, r.standardError(), 1e-6);
    for (double t : r.foldThreshold()) {
      assertEquals(0.5, t, 1e-12, "midway between the classes");
    }
  }

  @Test
  void rocReportsEerAndAucOfAKnownOverlap() {
    // Same: 0.1 0.2 0.3 0.6; different: 0.4 0.5 0.7 0.8.
    double[] d = {0.1, 0.2, 0.3, 0.6, 0.4, 0.5, 0.7, 0.8};
    boolean[] s = {true, true, true, true, false, false, false, false};
    Roc roc = Roc.of(d, s);
    // Pairs ranked correctly: 3 same below all 4 different (12) + 0.6 below 0.7, 0.8 (2) = 14/16.
    assertEquals(14.0 / 16, roc.auc(), 1e-12);
    assertEquals(0.25, roc.eer(), 1e-12);
    assertEquals(0.75, roc.tarAt(0.0), 1e-12);
    assertEquals(0.35, roc.thresholdAt(0.0), 1e-12);
  }
}
