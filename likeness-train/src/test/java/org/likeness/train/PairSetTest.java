package org.likeness.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Validation pairs: balanced, drawn from the right people, reproducible, and honestly scored. */
class PairSetTest {
  // Person 0 has 30 faces, persons 1-4 have 3 each.
  static final int[] PERSON_OF = personOf();

  static int[] personOf() {
    int[] p = new int[42];
    for (int i = 30; i < 42; i++) {
      p[i] = 1 + (i - 30) / 3;
    }
    return p;
  }

  @Test
  void drawsAsManySamePairsAsDifferentOnesFromTheRightPeople() {
    PairSet pairs = PairSet.sample(PERSON_OF, 40, 3);
    int same = 0;
    for (int i = 0; i < pairs.size(); i++) {
      boolean reallySame = PERSON_OF[pairs.first()[i]] == PERSON_OF[pairs.second()[i]];
      assertEquals(reallySame, pairs.same()[i], "pair " + i);
      assertTrue(pairs.first()[i] != pairs.second()[i]);
      same += pairs.same()[i] ? 1 : 0;
    }
    assertEquals(20, same);
    assertEquals(40, pairs.size());
  }

  @Test
  void samePairsAreSpreadOverPeopleNotTakenFromTheOneWithMostPhotos() {
    PairSet pairs = PairSet.sample(PERSON_OF, 40, 3);
    int fromOthers = 0;
    for (int i = 0; i < pairs.size(); i++) {
      if (pairs.same()[i] && PERSON_OF[pairs.first()[i]] != 0) {
        fromOthers++;
      }
    }
    assertEquals(12, fromOthers, "all 3 pairs of each of the 4 small people come before person 0's 435");
  }

  @Test
  void sameSeedSamePairs() {
    PairSet a = PairSet.sample(PERSON_OF, 40, 9);
    PairSet b = PairSet.sample(PERSON_OF, 40, 9);
    assertArrayEquals(a.first(), b.first());
    assertArrayEquals(a.second(), b.second());
  }

  @Test
  void crossValidatedAccuracyIsPerfectOnSeparableDistancesAndHalfOnUninformativeOnes() {
    PairSet pairs = PairSet.sample(PERSON_OF, 40, 3);
    double[] separable = new double[pairs.size()];
    double[] constant = new double[pairs.size()];
    for (int i = 0; i < separable.length; i++) {
      separable[i] = pairs.same()[i] ? 0.1 + 0.001 * i : 0.8 + 0.001 * i;
      constant[i] = 0.5;
    }
    assertEquals(1.0, pairs.crossValidatedAccuracy(separable));
    assertEquals(0.5, pairs.crossValidatedAccuracy(constant), 0.15);
  }
}
