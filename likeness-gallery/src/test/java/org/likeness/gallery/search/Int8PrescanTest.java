package org.likeness.gallery.search;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.likeness.gallery.TestVectors.noisyCopy;
import static org.likeness.gallery.TestVectors.randomUnit;
import static org.likeness.gallery.search.TemplateIndexTest.assertSameHits;
import static org.likeness.gallery.search.TemplateIndexTest.bruteForce;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.likeness.compare.Metric;

/**
 * Exact search with the int8 pre-scan and float32 re-rank returns what a float32 brute force over
 * every template returns: the same people in the same order, the same distances and best
 * templates. Galleries are above {@link TemplateIndex#INT8_MIN_FLOATS}, so the pre-scan runs (the
 * test JVM has the SIMD kernel); people hold 1 to 4 noisy copies of one face, like LFW's, and half
 * the probes are strangers.
 */
class Int8PrescanTest {
  private static final long SEED = Long.getLong("likeness.test.seed", 20_261_204L);

  @ParameterizedTest
  @CsvSource({"128, COSINE", "130, COSINE", "128, L2", "512, COSINE"})
  void int8PrescanFindsTheSamePeopleAsFloatBruteForce(int dim, Metric metric) {
    assertTrue(ScanKernel.active().int8Prescan(), ScanKernel.active().toString());
    Random random = new Random(SEED + dim);
    Map<Long, float[]> vectors = new LinkedHashMap<>();
    Map<Long, String> owners = new LinkedHashMap<>();
    IndexOptions options = IndexOptions.defaults().withEngine(EngineChoice.EXACT).withThreads(2);
    try (TemplateIndex index = TemplateIndex.inMemory(dim, metric, options)) {
      long id = 1;
      long rows = TemplateIndex.INT8_MIN_FLOATS / dim + 5_000;
      for (int p = 0; id <= rows; p++) {
        float[] face = randomUnit(random, dim);
        for (int t = 0; t < 1 + p % 4; t++, id++) {
          float[] v = noisyCopy(random, face, 0.06);
          vectors.put(id, v);
          owners.put(id, "p" + p);
          index.add(id, "p" + p, v);
        }
      }
      for (int q = 0; q < 20; q++) {
        float[] query =
            q % 2 == 0
                ? noisyCopy(random, vectors.get(1L + random.nextInt(vectors.size())), 0.06)
                : randomUnit(random, dim);
        assertSameHits(
            bruteForce(vectors, owners, query, 5, PersonScoring.MIN, metric),
            index.search(query, 5, PersonScoring.MIN),
            "seed " + SEED + ", " + dim + "-d " + metric + ", query " + q);
      }
    }
  }
}
