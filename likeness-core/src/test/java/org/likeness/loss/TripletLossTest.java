package org.likeness.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The seed notebook's unit cases for the triplet loss, with anchor, positive, negative and alpha. */
class TripletLossTest {
  private static float[][] m(float[]... rows) {
    return rows;
  }

  private static float[] v(float... xs) {
    return xs;
  }

  @Test
  void identicalTripletsCostExactlyTheMargin() {
    assertEquals(5, TripletLoss.loss(m(v(1, 1)), m(v(1, 1)), m(v(1, 1)), 5), 1e-9);
  }

  @Test
  void negativeFartherThanMarginCostsTheRemainder() {
    assertEquals(1, TripletLoss.loss(m(v(1, 1)), m(v(1, 1)), m(v(0, 0)), 3), 1e-9);
  }

  @Test
  void distantPositiveCostsItsSquaredDistance() {
    assertEquals(2, TripletLoss.loss(m(v(1, 1)), m(v(0, 0)), m(v(1, 1)), 0), 1e-9);
  }

  @Test
  void negativeMarginClampsToZero() {
    assertEquals(0, TripletLoss.loss(m(v(0, 0)), m(v(0, 0)), m(v(0, 0)), -2), 1e-9);
  }

  @Test
  void batchSumsTheHingeOverTriplets() {
    assertEquals(
        2, TripletLoss.loss(m(v(1, 0), v(1, 0)), m(v(1, 0), v(1, 0)), m(v(0, 1), v(0, 1)), 3), 1e-9);
  }

  @Test
  void squaredDistancesSumOverTheEmbeddingAxisNotTheBatch() {
    // Summing over the wrong axis gives 4.
    assertEquals(
        5, TripletLoss.loss(m(v(1, 1), v(2, 0)), m(v(0, 3), v(1, 1)), m(v(1, 0), v(0, 1)), 1), 1e-9);
  }

  @Test
  void defaultMarginIsFaceNetsPointTwo() {
    assertEquals(0.2, TripletLoss.loss(m(v(1, 0)), m(v(1, 0)), m(v(1, 0))), 1e-9);
  }

  @Test
  void refusesBatchesOfDifferentSizes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TripletLoss.loss(m(v(1)), m(v(1), v(2)), m(v(1)), 0.2));
    assertEquals("triplet batch sizes differ: 1 anchors, 2 positives, 1 negatives", e.getMessage());
  }
}
