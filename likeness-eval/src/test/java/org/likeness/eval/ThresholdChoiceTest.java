package org.likeness.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThresholdChoiceTest {
  @Test
  void separableDistancesGiveFullAccuracyWithAThresholdBetweenTheClasses() {
    double[] d = {0.1, 0.2, 0.3, 0.7, 0.8, 0.9};
    boolean[] same = {true, true, true, false, false, false};
    double t = ThresholdChoice.bestAccuracy(d, same);
    assertEquals(0.5, t, 1e-9);
    assertEquals(1.0, ThresholdChoice.accuracy(d, same, t), 1e-12);
  }

  @Test
  void overlappingDistancesGiveTheBestAchievableAccuracy() {
    double[] d = {0.1, 0.4, 0.35, 0.6, 0.2, 0.9};
    boolean[] same = {true, true, false, false, true, false};
    double t = ThresholdChoice.bestAccuracy(d, same);
    // Sorted: 0.1 S, 0.2 S, 0.35 D, 0.4 S, 0.6 D, 0.9 D; cutting after 0.2 or after 0.4 both get 5/6.
    assertEquals(5.0 / 6, ThresholdChoice.accuracy(d, same, t), 1e-12);
    assertEquals(0.275, t, 1e-9, "ties go to the smaller, safer threshold");
  }

  @Test
  void tiedDistancesAreNeverSplit() {
    double[] d = {0.5, 0.5, 0.5, 0.5};
    boolean[] same = {true, true, true, false};
    double t = ThresholdChoice.bestAccuracy(d, same);
    assertTrue(t > 0.5, "all four tied pairs accepted together: " + t);
    assertEquals(0.75, ThresholdChoice.accuracy(d, same, t), 1e-12);
  }

  @Test
  void infiniteDistancesOfFacelessPairsCountAsDifferent() {
    double[] d = {0.1, Double.POSITIVE_INFINITY, 0.9};
    boolean[] same = {true, true, false};
    double t = ThresholdChoice.bestAccuracy(d, same);
    assertEquals(2.0 / 3, ThresholdChoice.accuracy(d, same, t), 1e-12);
  }
}
