package org.likeness.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Online triplet selection on hand-made batches of points on a line (so distances are obvious). */
class MiningTest {
  private static final double ALPHA = 0.2;

  /** Squared distances between 1-d points. */
  static double[][] line(double... x) {
    double[][] rows = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      rows[i] = new double[] {x[i]};
    }
    return TripletObjective.squaredDistances(rows);
  }

  // Anchor 0 at 0. Its person: rows 1 (at 0.2) and 2 (at 0.5). Other people: row 3 at 0.3 (nearer
  // than the far positive: hard), row 4 at 0.6 (inside the margin: semi-hard for positive 2),
  // row 5 at -0.9 (easy).
  private static final double[][] D = line(0, 0.2, 0.5, 0.3, 0.6, -0.9);
  private static final int[] PERSON = {0, 0, 0, 1, 1, 2};

  @Test
  void batchHardPicksFarthestPositiveAndNearestNegative() {
    List<Triplet> t = Mining.BATCH_HARD.triplets(D, PERSON, ALPHA);
    assertTrue(t.contains(new Triplet(0, 2, 3)), t.toString());
    assertEquals(PERSON.length - 1, t.size(), "one triplet per anchor that has a positive; row 5 has none");
    // Anchor 3 (at 0.3): its only positive is 4; the nearest negative is row 1 at 0.2.
    assertTrue(t.contains(new Triplet(3, 4, 1)), t.toString());
  }

  @Test
  void semiHardPicksNegativeFartherThanPositiveButInsideMargin() {
    List<Triplet> t = Mining.SEMI_HARD.triplets(D, PERSON, ALPHA);
    Triplet chosen = t.stream().filter(x -> x.anchor() == 0 && x.positive() == 2).findFirst().orElseThrow();
    assertEquals(4, chosen.negative());
    double ap = D[0][2];
    double an = D[0][chosen.negative()];
    assertTrue(ap < an && an < ap + ALPHA, "d(a,p)=" + ap + " < d(a,n)=" + an + " < d(a,p)+alpha");
  }

  @Test
  void semiHardFallsBackToFarthestNegativeWhenAllAreNearerThanThePositive() {
    // Anchor 0 at 0, positive at 1.0; negatives at 0.1 and -0.4, both nearer than the positive.
    double[][] d = line(0, 1.0, 0.1, -0.4);
    List<Triplet> t = Mining.SEMI_HARD.triplets(d, new int[] {0, 0, 1, 2}, ALPHA);
    Triplet chosen = t.stream().filter(x -> x.anchor() == 0).findFirst().orElseThrow();
    assertEquals(3, chosen.negative(), "the least hard of the hard negatives");
  }

  @Test
  void semiHardKeepsNearestFartherNegativeEvenBeyondTheMargin() {
    // Positive at 0.1 (d=0.01); negatives at 0.9 (0.81) and 2 (4): both beyond the margin.
    double[][] d = line(0, 0.1, 0.9, 2);
    Triplet chosen = Mining.SEMI_HARD.triplets(d, new int[] {0, 0, 1, 1}, ALPHA).get(0);
    assertEquals(new Triplet(0, 1, 2), chosen);
    assertEquals(0, TripletObjective.evaluate(new double[][] {{0}, {0.1}, {0.9}, {2}}, List.of(chosen), ALPHA).active());
  }

  @Test
  void semiHardChoiceIsTheNearestNegativeFartherThanThePositiveOnRandomBatches() {
    long seed = 77;
    SplittableRandom random = new SplittableRandom(seed);
    for (int round = 0; round < 50; round++) {
      int n = 12;
      double[] x = new double[n];
      int[] person = new int[n];
      for (int i = 0; i < n; i++) {
        x[i] = random.nextDouble();
        person[i] = i % 3;
      }
      double[][] d = line(x);
      for (Triplet t : Mining.SEMI_HARD.triplets(d, person, ALPHA)) {
        double ap = d[t.anchor()][t.positive()];
        double an = d[t.anchor()][t.negative()];
        for (int q = 0; q < n; q++) {
          if (person[q] != person[t.anchor()] && d[t.anchor()][q] > ap) {
            assertTrue(an > ap && an <= d[t.anchor()][q], "seed " + seed + " round " + round + ": " + t);
          }
        }
      }
    }
  }

  @Test
  void batchAllTakesEveryAnchorPositivePairWithEveryNegative() {
    List<Triplet> t = Mining.BATCH_ALL.triplets(D, PERSON, ALPHA);
    // person 0: 3 anchors x 2 positives x 3 negatives; person 1: 2 x 1 x 4; person 2: no positive.
    assertEquals(18 + 8, t.size());
    for (Triplet x : t) {
      assertEquals(PERSON[x.anchor()], PERSON[x.positive()]);
      assertTrue(PERSON[x.anchor()] != PERSON[x.negative()]);
    }
  }

  @Test
  void mismatchedLabelsAreRefusedNamingBothSizes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Mining.BATCH_HARD.triplets(D, new int[] {0, 1}, ALPHA));
    assertTrue(e.getMessage().contains("6 rows") && e.getMessage().contains("2 labels"), e.getMessage());
  }
}
