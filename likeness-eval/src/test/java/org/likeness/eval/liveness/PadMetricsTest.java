package org.likeness.eval.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** APCER, BPCER, AUC and the BPCER-bound threshold, against counting by hand. */
class PadMetricsTest {
  @Test
  void ratesCountAttacksBelowAndLiveFacesAtOrAboveTheThreshold() {
    double[] live = {0.1, 0.2, 0.3, 0.5};
    double[] attacks = {0.25, 0.5, 0.6, 0.9};
    PadMetrics m = PadMetrics.of(live, attacks, 0.5);
    assertEquals(0.25, m.apcer(), 1e-12, "only 0.25 passes as live");
    assertEquals(0.25, m.bpcer(), 1e-12, "the live 0.5 sits on the threshold and is refused");
    assertEquals(0.25, m.acer(), 1e-12);
  }

  @Test
  void aucMatchesEveryPairCountedOneByOne() {
    Random r = new Random(17);
    for (int trial = 0; trial < 20; trial++) {
      double[] live = new double[5 + r.nextInt(30)];
      double[] attacks = new double[5 + r.nextInt(30)];
      for (int i = 0; i < live.length; i++) {
        live[i] = Math.round(r.nextGaussian() * 4) / 4.0; // ties on purpose
      }
      for (int i = 0; i < attacks.length; i++) {
        attacks[i] = Math.round((r.nextGaussian() + 0.7) * 4) / 4.0;
      }
      double wins = 0;
      for (double a : attacks) {
        for (double l : live) {
          wins += a > l ? 1 : a == l ? 0.5 : 0;
        }
      }
      double expected = wins / (live.length * attacks.length);
      assertEquals(expected, PadMetrics.of(live, attacks, 0).auc(), 1e-12, "seed 17, trial " + trial);
    }
  }

  @Test
  void theBpcerThresholdRefusesNoMoreLiveFacesThanAsked() {
    Random r = new Random(5);
    for (int n : new int[] {1, 7, 20, 101}) {
      double[] live = r.doubles(n).toArray();
      for (double target : new double[] {0, 0.05, 0.10, 0.5}) {
        double t = PadMetrics.thresholdForBpcer(live, target);
        double bpcer = PadMetrics.of(live, new double[0], t).bpcer();
        assertTrue(bpcer <= target + 1e-12, n + " live faces, target " + target + ": refused " + bpcer);
        assertTrue(bpcer > target - 1.0 / n - 1e-12, n + " live faces, target " + target + ": only " + bpcer
            + " refused; the threshold could be lower");
      }
    }
  }

  @Test
  void apcerAtBpcerUsesTheThresholdThatKeepsThatShareOfLiveFaces() {
    double[] live = new double[20];
    for (int i = 0; i < 20; i++) {
      live[i] = i / 20.0; // 0.00 .. 0.95
    }
    double[] attacks = {0.05, 0.5, 0.87, 0.92, 0.99};
    PadMetrics m = PadMetrics.of(live, attacks, 0.5);
    // BPCER 10% may refuse the two highest live scores (0.90, 0.95); the lowest such threshold sits
    // just above 0.85, so only the attacks under it pass: 0.05 and 0.5.
    assertEquals(2 / 5.0, m.apcerAtBpcer10(), 1e-12);
    // BPCER 5% may refuse only 0.95: the threshold sits just above 0.90; 0.05, 0.5 and 0.87 pass.
    assertEquals(3 / 5.0, m.apcerAtBpcer5(), 1e-12);
  }

  @Test
  void filesSortNaturallySoFramesStayInOrder() {
    List<Path> files = List.of(Path.of("10.png"), Path.of("2.png"), Path.of("1.png"), Path.of("02a.png"));
    assertEquals(List.of("1.png", "2.png", "02a.png", "10.png"),
        files.stream().sorted(PadData.NATURAL).map(Path::toString).toList());
  }
}
