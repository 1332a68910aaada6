package org.likeness.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hand-written backward pass (through the L2 normalization, the ReLU and the triplet hinge)
 * agrees with central finite differences on random inputs, in double precision.
 */
class GradientCheckTest {
  private static final long SEED = 20240611L;
  private static final double STEP = 1e-5;
  private static final double MAX_RELATIVE_ERROR = 1e-4;

  /** A head with random (not the identity-like) parameters, so every path carries gradient. */
  static EmbeddingHead randomHead(HeadArchitecture arch, int d, int k, SplittableRandom random) {
    EmbeddingHead head = EmbeddingHead.initial(arch, d, k, random);
    for (double[] t : head.parameters()) {
      for (int i = 0; i < t.length; i++) {
        t[i] = 0.5 * EmbeddingHead.gaussian(random);
      }
    }
    return head;
  }

  static double[][] randomUnitRows(int n, int d, SplittableRandom random) {
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        row[j] = EmbeddingHead.gaussian(random);
      }
      EmbeddingHead.normalizeInPlace(row, "test input");
    }
    return x;
  }

  /** max over parameters of |analytic - numeric| / max(|analytic|, |numeric|, 1e-6). */
  static double maxRelativeError(EmbeddingHead head, double[][] analytic, ToDoubleFunction<EmbeddingHead> objective) {
    double worst = 0;
    double[][] params = head.parameters();
    for (int t = 0; t < params.length; t++) {
      for (int i = 0; i < params[t].length; i++) {
        double saved = params[t][i];
        params[t][i] = saved + STEP;
        double up = objective.applyAsDouble(head);
        params[t][i] = saved - STEP;
        double down = objective.applyAsDouble(head);
        params[t][i] = saved;
        double numeric = (up - down) / (2 * STEP);
        double a = analytic[t][i];
        double err = Math.abs(a - numeric) / Math.max(Math.max(Math.abs(a), Math.abs(numeric)), 1e-6);
        worst = Math.max(worst, err);
      }
    }
    return worst;
  }

  @ParameterizedTest
  @EnumSource(HeadArchitecture.class)
  void tripletLossGradientMatchesFiniteDifferences(HeadArchitecture arch) {
    SplittableRandom random = new SplittableRandom(SEED);
    EmbeddingHead head = randomHead(arch, 6, 4, random);
    double[][] x = randomUnitRows(9, 6, random);
    int[] person = {0, 0, 0, 1, 1, 1, 2, 2, 2};
    // A margin of 4 (the largest squared distance between unit vectors) keeps every triplet active,
    // away from the hinge's kink, so the objective is smooth where it is differentiated.
    double alpha = 4;
    List<Triplet> triplets = Mining.BATCH_ALL.triplets(
        TripletObjective.squaredDistances(head.forward(x)), person, alpha);
    EmbeddingHead.Pass pass = head.forwardPass(x);
    TripletObjective.Value v = TripletObjective.evaluate(pass.output(), triplets, alpha);
    assertEquals(triplets.size(), v.active(), "all triplets active");
    double[][] analytic = head.backward(pass, v.gradient());
    double err = maxRelativeError(head, analytic,
        h -> TripletObjective.evaluate(h.forward(x), triplets, alpha).meanLoss());
    assertTrue(err <= MAX_RELATIVE_ERROR, arch + " relative error " + err + " (seed " + SEED + ")");
  }

  @ParameterizedTest
  @EnumSource(HeadArchitecture.class)
  void normalizationGradientMatchesFiniteDifferencesForAnyUpstreamGradient(HeadArchitecture arch) {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    EmbeddingHead head = randomHead(arch, 5, 7, random);
    double[][] x = randomUnitRows(4, 5, random);
    double[][] c = new double[4][7];
    for (double[] row : c) {
      for (int j = 0; j < row.length; j++) {
        row[j] = EmbeddingHead.gaussian(random);
      }
    }
    // Objective: sum_i c_i . y_i, whose gradient with respect to y is c itself.
    ToDoubleFunction<EmbeddingHead> objective = h -> {
      double[][] y = h.forward(x);
      double s = 0;
      for (int i = 0; i < y.length; i++) {
        s += EmbeddingHead.dot(c[i], 0, y[i], 0, y[i].length);
      }
      return s;
    };
    EmbeddingHead.Pass pass = head.forwardPass(x);
    double err = maxRelativeError(head, head.backward(pass, c), objective);
    assertTrue(err <= MAX_RELATIVE_ERROR, arch + " relative error " + err + " (seed " + (SEED + 1) + ")");
  }
}
