package org.likeness.gallery.search;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.likeness.gallery.TestVectors.noisyCopy;
import static org.likeness.gallery.TestVectors.randomUnit;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.likeness.compare.Metric;

/**
 * The default HNSW parameters find the same first person as exact search for at least 99% of probes
 * on 100k random 128-d unit vectors, one template per person (the hardest case: no clusters to
 * guide the graph). Probes are noisy copies of enrolled templates, cosine about 0.83 to them. Takes
 * a minute or two on two cores, mostly building the graph.
 */
@Tag("model")
class HnswRecallTest {
  private static final int TEMPLATES = 100_000;
  private static final int DIM = 128;
  private static final int PROBES = 500;

  @Test
  void defaultGraphFindsTheExactFirstPersonForAtLeast99PercentOfProbes() {
    long seed = Long.getLong("likeness.test.seed", 12_345L);
    Random random = new Random(seed);
    IndexOptions options = IndexOptions.defaults().withEngine(EngineChoice.HNSW);
    try (TemplateIndex index = TemplateIndex.inMemory(DIM, Metric.COSINE, options)) {
      float[][] vectors = new float[TEMPLATES][];
      for (int i = 0; i < TEMPLATES; i++) {
        vectors[i] = randomUnit(random, DIM);
        index.add(i + 1, "p" + i, vectors[i]);
      }
      index.buildHnsw(BuildProgress.NONE);
      int agree = 0;
      for (int q = 0; q < PROBES; q++) {
        float[] probe = noisyCopy(random, vectors[random.nextInt(TEMPLATES)], 0.06);
        List<PersonHit> exact = index.search(probe, 1, PersonScoring.MIN, Engine.EXACT);
        List<PersonHit> hnsw = index.search(probe, 1, PersonScoring.MIN, Engine.HNSW);
        if (exact.get(0).person().equals(hnsw.get(0).person())) {
          agree++;
        }
      }
      double recall = agree / (double) PROBES;
      System.out.printf(
          "HNSW recall@1 %.3f over %d probes, %s, seed %d%n", recall, PROBES, options.hnsw(), seed);
      assertTrue(
          recall >= 0.99,
          "recall@1 "
              + recall
              + " < 0.99 with "
              + options.hnsw()
              + "; seed "
              + seed
              + " (-Dlikeness.test.seed="
              + seed
              + ")");
    }
  }
}
