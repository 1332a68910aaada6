package org.likeness.gallery.search;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.likeness.gallery.TestVectors.noisyCopy;
import static org.likeness.gallery.TestVectors.randomUnit;
import static org.likeness.gallery.search.TemplateIndexTest.assertSameHits;
import static org.likeness.gallery.search.TemplateIndexTest.bruteForce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.likeness.compare.Metric;

/**
 * Exact search with the int8 pre-scan and float32 re-rank returns what a float32 brute force over
 * every template returns: the same people in the same order, the same distances and best
 * templates. Galleries are above {@link TemplateIndex#INT8_MIN_FLOATS}, so the pre-scan runs (the
 * test JVM has the SIMD kernel); people hold 1 to 4 noisy copies of one face, like LFW's, and half
 * the probes are strangers. Row counts are not multiples of the int8 copy's 16-row blocks, and 130
 * dimensions are not a multiple of the vector lanes.
 */
class Int8PrescanTest {
  private static final long SEED = Long.getLong("likeness.test.seed", 20_261_204L);

  @ParameterizedTest
  @CsvSource({"128, COSINE", "130, COSINE", "128, L2", "512, COSINE"})
  void int8PrescanFindsTheSamePeopleAsFloatBruteForce(int dim, Metric metric) {
    assertTrue(ScanKernel.active().int8Prescan(), ScanKernel.active().toString());
    Gallery gallery = new Gallery(new Random(SEED + dim), dim);
    try (TemplateIndex index = TemplateIndex.inMemory(dim, metric, exact())) {
      gallery.fill(index, TemplateIndex.INT8_MIN_FLOATS / dim + 5_003);
      gallery.assertSameAsBruteForce(index, metric, dim + "-d " + metric);
    }
  }

  /**
   * Single templates and whole people removed, enough for the table to compact (rows move within
   * and between blocks) and then more, leaving tombstones inside blocks: the pre-scan neither
   * returns a removed template nor loses a live one.
   */
  @Test
  void int8PrescanStaysExactAfterRemovalsAndCompaction() {
    int dim = 130;
    Metric metric = Metric.L2;
    Gallery gallery = new Gallery(new Random(SEED * 3 + dim), dim);
    try (TemplateIndex index = TemplateIndex.inMemory(dim, metric, exact())) {
      gallery.fill(index, TemplateIndex.INT8_MIN_FLOATS / dim * 3 / 2 + 11);
      for (long id = 5; id < gallery.nextId; id += 5) {
        gallery.removeTemplate(index, id);
      }
      for (int p = 0; p < gallery.people; p += 7) {
        gallery.removePerson(index, "p" + p);
      }
      for (long id = 2; id < gallery.nextId; id += 97) {
        gallery.removeTemplate(index, id);
      }
      assertTrue(
          (long) index.size() * dim >= TemplateIndex.INT8_MIN_FLOATS,
          "still large enough for the pre-scan: " + index.size());
      gallery.assertSameAsBruteForce(index, metric, "after removals");
    }
  }

  private static IndexOptions exact() {
    return IndexOptions.defaults().withEngine(EngineChoice.EXACT).withThreads(2);
  }

  /** The templates a test put in an index, for the brute force to compare with. */
  private static final class Gallery {
    final Random random;
    final int dim;
    final Map<Long, float[]> vectors = new LinkedHashMap<>();
    final Map<Long, String> owners = new LinkedHashMap<>();
    final Map<String, List<Long>> idsByPerson = new LinkedHashMap<>();
    final List<float[]> faces = new ArrayList<>();
    long nextId = 1;
    int people;

    Gallery(Random random, int dim) {
      this.random = random;
      this.dim = dim;
    }

    void fill(TemplateIndex index, long rows) {
      for (int p = 0; nextId <= rows; p++, people++) {
        float[] face = randomUnit(random, dim);
        faces.add(face);
        for (int t = 0; t < 1 + p % 4; t++, nextId++) {
          float[] v = noisyCopy(random, face, 0.06);
          vectors.put(nextId, v);
          owners.put(nextId, "p" + p);
          idsByPerson.computeIfAbsent("p" + p, k -> new ArrayList<>()).add(nextId);
          index.add(nextId, "p" + p, v);
        }
      }
    }

    void removeTemplate(TemplateIndex index, long id) {
      boolean live = vectors.remove(id) != null;
      owners.remove(id);
      assertTrue(index.remove(id) == live, "template " + id + " live: " + live);
    }

    void removePerson(TemplateIndex index, String person) {
      int live = 0;
      for (long id : idsByPerson.get(person)) {
        live += vectors.remove(id) != null ? 1 : 0;
        owners.remove(id);
      }
      assertTrue(index.removePerson(person) == live, person + " had " + live + " live templates");
    }

    /** Probes near enrolled faces (removed ones included) and strangers. */
    void assertSameAsBruteForce(TemplateIndex index, Metric metric, String what) {
      for (int q = 0; q < 20; q++) {
        float[] query =
            q % 2 == 0
                ? noisyCopy(random, faces.get(random.nextInt(faces.size())), 0.06)
                : randomUnit(random, dim);
        assertSameHits(
            bruteForce(vectors, owners, query, 5, PersonScoring.MIN, metric),
            index.search(query, 5, PersonScoring.MIN),
            "seed " + SEED + ", " + what + ", query " + q);
      }
    }
  }
}
