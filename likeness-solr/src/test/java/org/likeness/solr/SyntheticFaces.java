package org.likeness.solr;

import java.util.Random;

/**
 * Synthetic unit embeddings for the cluster tests and the latency bench, which exercise storage and
 * search rather than recognition: random directions for people, noisy copies for further photos.
 */
final class SyntheticFaces {
  private SyntheticFaces() {}

  /** A uniformly random direction in {@code dim} dimensions. */
  static float[] randomUnit(Random random, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return normalize(v);
  }

  /** {@code v} plus Gaussian noise of {@code sigma} per component, renormalized: another photo of that face. */
  static float[] noisyCopy(Random random, float[] v, double sigma) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] + (float) (random.nextGaussian() * sigma);
    }
    return normalize(out);
  }

  private static float[] normalize(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }
}
