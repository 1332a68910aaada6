package org.likeness.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.likeness.loss.TripletLoss;

/** Training drives the triplet loss down, reproducibly, from a head that starts out useful. */
class HeadTrainerTest {
  /**
   * Three people, four 2-d points each, at angles near -20, 0 and +20 degrees (1 degree jitter, random
   * lengths). Unnormalized they are not separated by the margin; a linear map that stretches the
   * vertical axis about four times separates them.
   */
  static TrainingSet threeTightClusters(SplittableRandom random) {
    List<FaceSample> samples = new ArrayList<>();
    double[] centres = {-20, 0, 20};
    for (int p = 0; p < 3; p++) {
      for (int i = 0; i < 4; i++) {
        double a = Math.toRadians(centres[p] + (random.nextDouble() * 2 - 1));
        double r = 0.5 + 1.5 * random.nextDouble();
        double[] v = {r * Math.cos(a), r * Math.sin(a)};
        EmbeddingHead.normalizeInPlace(v, "point");
        samples.add(new FaceSample(p, new double[][] {v}));
      }
    }
    return new TrainingSet(samples);
  }

  /** The seed's summed loss over every valid triplet of the whole set, through {@code head}. */
  static double totalLoss(TrainingSet set, EmbeddingHead head) {
    int n = set.samples().size();
    double[][] x = new double[n][];
    int[] person = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = set.samples().get(i).views()[0];
      person[i] = set.samples().get(i).person();
    }
    double[][] y = head.forward(x);
    List<Triplet> all = Mining.BATCH_ALL.triplets(TripletObjective.squaredDistances(y), person, TripletLoss.DEFAULT_ALPHA);
    float[][] a = new float[all.size()][];
    float[][] p = new float[all.size()][];
    float[][] q = new float[all.size()][];
    for (int i = 0; i < all.size(); i++) {
      a[i] = f(y[all.get(i).anchor()]);
      p[i] = f(y[all.get(i).positive()]);
      q[i] = f(y[all.get(i).negative()]);
    }
    return TripletLoss.loss(a, p, q);
  }

  static float[] f(double[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) v[i];
    }
    return out;
  }

  @Test
  void trainingOnThreeTightClustersDrivesTheTripletLossToZero() {
    TrainingSet set = threeTightClusters(new SplittableRandom(3));
    TrainingConfig config = new TrainingConfig(HeadArchitecture.LINEAR, 2, 400, 3, 4, Mining.BATCH_ALL, 0.2, 0.01, 5);
    EmbeddingHead start = EmbeddingHead.initial(HeadArchitecture.LINEAR, 2, 2, new SplittableRandom(0));
    double before = totalLoss(set, start);
    assertTrue(before > 1, "the untrained (identity) head must violate the margin, loss " + before);
    HeadTrainer.Result r = HeadTrainer.train(set, config, TrainingListener.none());
    assertEquals(0.0, totalLoss(set, r.head()), "loss after " + config.epochs() + " epochs, from " + before);
    assertEquals(0.0, r.epochs().get(r.epochs().size() - 1).activeFraction());
  }

  @Test
  void sameSeedGivesTheSameHeadAndAnotherSeedAnother() {
    SplittableRandom random = new SplittableRandom(11);
    List<FaceSample> samples = new ArrayList<>();
    for (int p = 0; p < 12; p++) {
      for (int i = 0; i < 5; i++) {
        samples.add(new FaceSample(p, GradientCheckTest.randomUnitRows(2, 16, random)));
      }
    }
    TrainingSet set = new TrainingSet(samples);
    TrainingConfig config = new TrainingConfig(HeadArchitecture.MLP, 8, 3, 4, 3, Mining.SEMI_HARD, 0.2, 1e-3, 42);
    EmbeddingHead a = HeadTrainer.train(set, config, TrainingListener.none()).head();
    EmbeddingHead b = HeadTrainer.train(set, config, TrainingListener.none()).head();
    EmbeddingHead c = HeadTrainer.train(set, config.withSeed(43), TrainingListener.none()).head();
    assertTrue(a.sameAs(b), "same seed, same head");
    assertFalse(a.sameAs(c), "another seed, another head");
  }

  @Test
  void untrainedSquareHeadsReproduceTheBackboneExactly() {
    SplittableRandom random = new SplittableRandom(1);
    double[][] x = GradientCheckTest.randomUnitRows(5, 12, random);
    for (HeadArchitecture arch : HeadArchitecture.values()) {
      double[][] y = EmbeddingHead.initial(arch, 12, 12, random).forward(x);
      for (int i = 0; i < x.length; i++) {
        assertArrayEquals(x[i], y[i], 1e-12, arch + " row " + i);
      }
    }
  }

  @Test
  void untrainedProjectingHeadKeepsCosineSimilaritiesRoughly() {
    SplittableRandom random = new SplittableRandom(2);
    double[][] x = GradientCheckTest.randomUnitRows(2, 512, random);
    // x[0] and x[1] are nearly orthogonal in 512-d, so b is about 60 degrees from x[0].
    double[] b = new double[512];
    for (int j = 0; j < 512; j++) {
      b[j] = 0.5 * x[0][j] + Math.sqrt(0.75) * x[1][j];
    }
    EmbeddingHead.normalizeInPlace(b, "b");
    double before = EmbeddingHead.dot(x[0], 0, b, 0, 512);
    for (HeadArchitecture arch : HeadArchitecture.values()) {
      double[][] y = EmbeddingHead.initial(arch, 512, 128, new SplittableRandom(9)).forward(new double[][] {x[0], b});
      double after = EmbeddingHead.dot(y[0], 0, y[1], 0, 128);
      assertEquals(before, after, 0.15, arch + ": cosine " + before + " became " + after);
    }
  }

  @Test
  void projectionRowsAreOrthonormal() {
    double[] p = EmbeddingHead.projection(16, 64, new SplittableRandom(4));
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 16; j++) {
        assertEquals(i == j ? 1 : 0, EmbeddingHead.dot(p, i * 64, p, j * 64, 64), 1e-9, "rows " + i + ", " + j);
      }
    }
  }

  @Test
  void lastSinglePersonJoinsThePreviousBatchSoEveryBatchHasNegatives() {
    List<int[]> batches = HeadTrainer.batches(9, 4, new SplittableRandom(0));
    assertEquals(2, batches.size());
    assertEquals(4, batches.get(0).length);
    assertEquals(5, batches.get(1).length);
  }
}
