package org.likeness.gallery.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.likeness.gallery.TestVectors.noisyCopy;
import static org.likeness.gallery.TestVectors.randomUnit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.likeness.compare.Metric;

class TemplateIndexTest {
  private static final int DIM = 32;
  private static final long SEED = 20251128L;

  /** Brute force over every template with core's {@link Metric}: the reference for both engines. */
  static List<PersonHit> bruteForce(
      Map<Long, float[]> vectors,
      Map<Long, String> owners,
      float[] query,
      int topK,
      PersonScoring scoring,
      Metric metric) {
    Map<String, List<double[]>> byPerson = new LinkedHashMap<>();
    for (Map.Entry<Long, float[]> e : vectors.entrySet()) {
      byPerson
          .computeIfAbsent(owners.get(e.getKey()), k -> new ArrayList<>())
          .add(new double[] {metric.distance(e.getValue(), query), e.getKey()});
    }
    List<PersonHit> hits = new ArrayList<>();
    byPerson.forEach(
        (person, list) -> {
          list.sort(Comparator.comparingDouble(a -> a[0]));
          double[] best = list.stream().mapToDouble(a -> a[0]).toArray();
          hits.add(
              new PersonHit(
                  person, scoring.combine(best, best.length), (long) list.get(0)[1], list.size()));
        });
    hits.sort(Comparator.comparingDouble(PersonHit::distance));
    return hits.subList(0, Math.min(topK, hits.size()));
  }

  static void assertSameHits(
      List<PersonHit> expected, List<PersonHit> actual, String context) {
    assertEquals(
        expected.stream().map(PersonHit::person).toList(),
        actual.stream().map(PersonHit::person).toList(),
        context);
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(
          expected.get(i).distance(), actual.get(i).distance(), 1e-5, context + " distance " + i);
      assertEquals(
          expected.get(i).bestTemplateId(),
          actual.get(i).bestTemplateId(),
          context + " best template " + i);
      assertEquals(
          expected.get(i).templates(), actual.get(i).templates(), context + " templates " + i);
    }
  }

  private static IndexOptions exact() {
    return IndexOptions.defaults().withEngine(EngineChoice.EXACT).withThreads(2);
  }

  @ParameterizedTest
  @EnumSource(PersonScoring.class)
  void exactSearchEqualsBruteForceForEveryScoringAndMetric(PersonScoring scoring) {
    for (Metric metric : Metric.values()) {
      // 40k rows: large enough that the scan runs in parallel chunks.
      Random random = new Random(SEED);
      Map<Long, float[]> vectors = new LinkedHashMap<>();
      Map<Long, String> owners = new LinkedHashMap<>();
      try (TemplateIndex index = TemplateIndex.inMemory(DIM, metric, exact())) {
        long id = 1;
        for (int p = 0; p < 10_000; p++) {
          float[] face = randomUnit(random, DIM);
          for (int t = 0; t < 1 + p % 7; t++, id++) {
            float[] v = noisyCopy(random, face, 0.1);
            vectors.put(id, v);
            owners.put(id, "p" + p);
            index.add(id, "p" + p, v);
          }
        }
        for (int q = 0; q < 20; q++) {
          long probeOf = 1 + random.nextInt(vectors.size());
          float[] query =
              q % 2 == 0 ? noisyCopy(random, vectors.get(probeOf), 0.1) : randomUnit(random, DIM);
          List<PersonHit> expected = bruteForce(vectors, owners, query, 5, scoring, metric);
          assertSameHits(
              expected,
              index.search(query, 5, scoring),
              "seed " + SEED + " " + metric + " query " + q);
        }
      }
    }
  }

  @Test
  void exactSearchWidensUntilItHasEnoughPeopleWhenOneOwnsAllTheNearestTemplates() {
    Random random = new Random(SEED);
    float[] query = randomUnit(random, DIM);
    Map<Long, float[]> vectors = new LinkedHashMap<>();
    Map<Long, String> owners = new LinkedHashMap<>();
    try (TemplateIndex index = TemplateIndex.inMemory(DIM, Metric.COSINE, exact())) {
      long id = 1;
      // 500 near-copies of the query belong to one person: the first pass sees nobody else.
      for (int i = 0; i < 500; i++, id++) {
        vectors.put(id, noisyCopy(random, query, 0.01));
        owners.put(id, "twin");
      }
      for (int i = 0; i < 5000; i++, id++) {
        vectors.put(id, randomUnit(random, DIM));
        owners.put(id, "p" + (i % 900));
      }
      vectors.forEach((k, v) -> index.add(k, owners.get(k), v));
      for (PersonScoring scoring : PersonScoring.values()) {
        assertSameHits(
            bruteForce(vectors, owners, query, 10, scoring, Metric.COSINE),
            index.search(query, 10, scoring),
            "seed " + SEED + " " + scoring);
      }
    }
  }

  @Test
  void returnsEveryoneWhenFewerPeopleThanAskedForAndNothingWhenEmpty() {
    Random random = new Random(SEED);
    try (TemplateIndex index = TemplateIndex.inMemory(DIM, Metric.COSINE, exact())) {
      assertEquals(List.of(), index.search(randomUnit(random, DIM), 3, PersonScoring.MIN));
      index.add(1, "ann", randomUnit(random, DIM));
      index.add(2, "bob", randomUnit(random, DIM));
      index.add(3, "ann", randomUnit(random, DIM));
      List<PersonHit> hits = index.search(randomUnit(random, DIM), 10, PersonScoring.MIN);
      assertEquals(2, hits.size());
      assertEquals(2, index.personCount());
      assertEquals(3, index.size());
    }
  }

  @Test
  void removedTemplatesAndPeopleNeverComeBackEvenAfterCompaction() {
    Random random = new Random(SEED);
    try (TemplateIndex index = TemplateIndex.inMemory(DIM, Metric.COSINE, exact())) {
      float[][] v = new float[400][];
      for (int i = 0; i < v.length; i++) {
        v[i] = randomUnit(random, DIM);
        index.add(i + 1, "p" + (i % 50), v[i]);
      }
      // Remove 300 of 400 templates: enough tombstones to compact the table.
      for (int i = 0; i < 300; i++) {
        assertTrue(index.remove(i + 1));
      }
      assertFalse(index.remove(1), "a removed template cannot be removed twice");
      assertEquals(100, index.size());
      assertEquals(
          2,
          index.removePerson("p49"),
          "p49 owned ids 50, 100, ..., 400, of which 350 and 400 remain");
      for (int i = 0; i < v.length; i++) {
        List<PersonHit> hits = index.search(v[i], 1, PersonScoring.MIN);
        boolean gone = i < 300 || i % 50 == 49;
        if (gone) {
          assertTrue(
              hits.get(0).distance() > 1e-4, "template " + (i + 1) + " was removed but found");
        } else {
          assertEquals("p" + (i % 50), hits.get(0).person());
          assertEquals(i + 1, hits.get(0).bestTemplateId());
          assertEquals(0.0, hits.get(0).distance(), 1e-5);
        }
      }
    }
  }

  @Test
  void refusesQueriesOfTheWrongSizeOrLengthAndIdsThatDoNotGrow() {
    Random random = new Random(SEED);
    try (TemplateIndex index = TemplateIndex.inMemory(DIM, Metric.COSINE, exact())) {
      index.add(5, "ann", randomUnit(random, DIM));
      IllegalArgumentException dims =
          assertThrows(
              IllegalArgumentException.class,
              () -> index.search(new float[DIM + 1], 1, PersonScoring.MIN));
      assertTrue(
          dims.getMessage().contains("33 dimensions") && dims.getMessage().contains("32-d"),
          dims.getMessage());
      float[] longVector = randomUnit(random, DIM);
      longVector[0] += 1;
      IllegalArgumentException unit =
          assertThrows(
              IllegalArgumentException.class, () -> index.search(longVector, 1, PersonScoring.MIN));
      assertTrue(unit.getMessage().contains("unit length"), unit.getMessage());
      IllegalArgumentException order =
          assertThrows(
              IllegalArgumentException.class, () -> index.add(5, "bob", randomUnit(random, DIM)));
      assertTrue(order.getMessage().contains("got 5 after 5"), order.getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () -> index.search(randomUnit(random, DIM), 0, PersonScoring.MIN));
    }
  }

  @Test
  void distancesAgreeWithCoreMetricsAndBoundsNeverExceedThem() {
    Random random = new Random(SEED);
    for (int i = 0; i < 100; i++) {
      float[] a = randomUnit(random, DIM);
      float[] b = i % 10 == 0 ? a.clone() : randomUnit(random, DIM);
      double dot = VectorMath.dot(a, 0, b);
      for (Metric m : Metric.values()) {
        double distance = VectorMath.distance(m, a, 0, b);
        assertEquals(m.distance(a, b), distance, 1e-5, m + " pair " + i);
        assertTrue(
            VectorMath.lowerBoundFromDot(m, dot, 1e-3) <= distance + 1e-12,
            m + " bound, pair " + i);
      }
    }
  }

  @Test
  void hnswFindsTheSamePeopleAsExactAndSeesChangesMadeAfterItWasBuilt() {
    Random random = new Random(SEED);
    IndexOptions options =
        exact().withEngine(EngineChoice.HNSW).withHnsw(new HnswParams(16, 100, 100));
    try (TemplateIndex index = TemplateIndex.inMemory(DIM, Metric.COSINE, options)) {
      List<float[]> vectors = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        vectors.add(randomUnit(random, DIM));
        index.add(i + 1, "p" + i / 3, vectors.get(i));
      }
      index.buildHnsw(BuildProgress.NONE);
      assertEquals(Engine.HNSW, index.activeEngine());
      int agree = 0;
      for (int q = 0; q < 100; q++) {
        float[] query = noisyCopy(random, vectors.get(random.nextInt(vectors.size())), 0.05);
        List<PersonHit> hnsw = index.search(query, 3, PersonScoring.MIN, Engine.HNSW);
        List<PersonHit> exact = index.search(query, 3, PersonScoring.MIN, Engine.EXACT);
        if (hnsw.get(0).equals(exact.get(0))) {
          agree++;
        }
      }
      assertTrue(agree >= 98, "HNSW agreed with exact on " + agree + "/100 queries, seed " + SEED);

      // Added after the build: found through the exact scan of the snapshot's tail.
      float[] late = randomUnit(random, DIM);
      index.add(10_001, "late", late);
      assertEquals("late", index.search(late, 1, PersonScoring.MIN, Engine.HNSW).get(0).person());
      // Removed after the build: the graph may still return it, the table drops it.
      assertTrue(index.remove(1));
      assertFalse(
          index.search(vectors.get(0), 5, PersonScoring.MIN, Engine.HNSW).stream()
              .anyMatch(h -> h.bestTemplateId() == 1));
      // More changes than a snapshot tolerates: the snapshot is refreshed and still right.
      for (int i = 0; i < HnswIndex.REFRESH_AFTER_CHANGES + 50; i++) {
        index.add(20_000 + i, "bulk" + i, randomUnit(random, DIM));
      }
      float[] last = randomUnit(random, DIM);
      index.add(30_000, "last", last);
      assertEquals("last", index.search(last, 1, PersonScoring.MIN, Engine.HNSW).get(0).person());
    }
  }

  @Test
  void persistentGraphIsCaughtUpOnReopenAndRebuiltWhenItsParametersChange(@TempDir Path dir)
      throws Exception {
    Random random = new Random(SEED);
    Path graphDir = dir.resolve("hnsw");
    IndexOptions options =
        exact().withEngine(EngineChoice.HNSW).withHnsw(new HnswParams(16, 100, 100));
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      vectors.add(randomUnit(random, DIM));
    }
    try (TemplateIndex first =
        TemplateIndex.persistent(DIM, Metric.COSINE, options, graphDir, "gallery-a")) {
      for (int i = 0; i < 1500; i++) {
        first.add(i + 1, "p" + i, vectors.get(i));
      }
      first.prepare(BuildProgress.NONE);
    }
    assertTrue(Files.list(graphDir).findAny().isPresent(), "the graph was saved");
    // Reopen with 1 template gone and 500 new ones: the graph must drop one and add 500.
    for (HnswParams params : List.of(new HnswParams(16, 100, 100), new HnswParams(8, 50, 100))) {
      try (TemplateIndex again =
          TemplateIndex.persistent(
              DIM, Metric.COSINE, options.withHnsw(params), graphDir, "gallery-a")) {
        for (int i = 1; i < 2000; i++) {
          again.add(i + 1, "p" + i, vectors.get(i));
        }
        long[] progress = new long[2];
        again.prepare(
            (done, total) -> {
              progress[0] = done;
              progress[1] = total;
            });
        assertEquals(
            params.maxConn() == 16 ? 500 : 1999, progress[1], "templates indexed with " + params);
        for (int i : new int[] {1, 700, 1499, 1500, 1999}) {
          assertEquals(
              "p" + i,
              again.search(vectors.get(i), 1, PersonScoring.MIN, Engine.HNSW).get(0).person());
        }
        assertTrue(again.search(vectors.get(0), 1, PersonScoring.MIN).get(0).distance() > 1e-3);
      }
    }
  }

  @Test
  void autoSwitchesToHnswAtTheThreshold() {
    Random random = new Random(SEED);
    IndexOptions options = IndexOptions.defaults().withHnswThreshold(100).withThreads(1);
    try (TemplateIndex index = TemplateIndex.inMemory(DIM, Metric.COSINE, options)) {
      for (int i = 0; i < 99; i++) {
        index.add(i + 1, "p" + i, randomUnit(random, DIM));
      }
      assertEquals(Engine.EXACT, index.activeEngine());
      index.add(100, "p99", randomUnit(random, DIM));
      assertEquals(Engine.HNSW, index.activeEngine());
      assertEquals(0, index.hnswSegments(), "no graph before the first search");
      index.search(randomUnit(random, DIM), 1, PersonScoring.MIN);
      assertTrue(index.hnswSegments() > 0, "the first search built the graph");
    }
  }

  @Test
  void differenceOfSortedIdLists() {
    assertTrue(
        Arrays.equals(
            new long[] {1, 4},
            HnswIndex.difference(new long[] {1, 2, 3, 4}, new long[] {2, 3, 9})));
    assertEquals(0, HnswIndex.difference(new long[0], new long[] {1}).length);
  }
}
