package org.likeness.gallery.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.likeness.compare.Metric;

class CohortSampleTest {
  private static float[] unit(double angle) {
    return new float[] {(float) Math.cos(angle), (float) Math.sin(angle)};
  }

  @Test
  void keepsAtMostItsCapacityAndSamplesUniformly() {
    // 20,000 templates offered into 100 slots, many times: each template's chance of being kept is 100/20,000.
    Map<Long, Integer> kept = new HashMap<>();
    int runs = 200;
    for (int run = 0; run < runs; run++) {
      CohortSample s = new CohortSample(100, Metric.COSINE, run);
      for (long id = 0; id < 20_000; id++) {
        s.offer(id, "p" + id, unit(id));
      }
      assertEquals(100, s.members().size());
      s.members().forEach(m -> kept.merge(m.templateId() / 5_000, 1, Integer::sum));
    }
    // Each quarter of the stream should hold a quarter of the kept templates (5,000 of 20,000 each).
    for (long quarter = 0; quarter < 4; quarter++) {
      double share = kept.get(quarter) / (double) (runs * 100);
      assertTrue(Math.abs(share - 0.25) < 0.02, "quarter " + quarter + " holds " + share);
    }
  }

  @Test
  void forgetsRemovedTemplatesAndPeople() {
    CohortSample s = new CohortSample(10, Metric.COSINE, 1);
    s.offer(1, "ada", unit(0));
    s.offer(2, "ada", unit(0.1));
    s.offer(3, "bob", unit(1));
    s.remove(3);
    assertEquals(2, s.members().size());
    s.removePerson("ada");
    assertTrue(s.members().isEmpty());
  }

  @Test
  void measuresHowFarApartDifferentPeopleAreAndOnlyThem() {
    CohortSample s = new CohortSample(64, Metric.COSINE, 7);
    // Five people on a circle (the fifth where the first is, yet another person), each with a second
    // template on top of the first: same-person pairs (distance 0) must not count.
    double[] angles = {0, Math.PI / 2, Math.PI, 3 * Math.PI / 2, 0};
    for (int k = 0; k < 5; k++) {
      s.offer(2L * k, "p" + k, unit(angles[k]));
      s.offer(2L * k + 1, "p" + k, unit(angles[k]));
    }
    double expected = 0;
    int pairs = 0;
    for (int a = 0; a < 5; a++) {
      for (int b = a + 1; b < 5; b++) {
        expected += 4 * Metric.COSINE.distance(unit(angles[a]), unit(angles[b]));
        pairs += 4;
      }
    }
    Optional<Double> mean = s.meanDistanceBetweenPeople();
    assertEquals(expected / pairs, mean.orElseThrow(), 1e-6);
    s.removePerson("p4");
    assertTrue(s.meanDistanceBetweenPeople().isEmpty(), "four people are too few to say");
  }

  @Test
  void refusesAUselessCapacity() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CohortSample(1, Metric.COSINE, 0));
    assertTrue(e.getMessage().contains("got 1"), e.getMessage());
  }

  @Test
  void theRunningMeanEqualsARecomputationAfterReplacementsAndRemovals() {
    CohortSample s = new CohortSample(40, Metric.COSINE, 3);
    java.util.Random r = new java.util.Random(11);
    for (long id = 0; id < 500; id++) {
      s.offer(id, "p" + (id % 37), unit(r.nextDouble() * 2 * Math.PI));
    }
    s.removePerson("p5");
    s.remove(499);
    double sum = 0;
    long pairs = 0;
    var m = s.members();
    for (int a = 0; a < m.size(); a++) {
      for (int b = a + 1; b < m.size(); b++) {
        if (!m.get(a).person().equals(m.get(b).person())) {
          sum += Metric.COSINE.distance(m.get(a).vector(), m.get(b).vector());
          pairs++;
        }
      }
    }
    assertEquals(sum / pairs, s.meanDistanceBetweenPeople().orElseThrow(), 1e-9);
  }
}
