package org.likeness.gallery.search;

import org.likeness.compare.Metric;

/**
 * The one dot product every engine uses, so exact and HNSW re-ranked distances agree to the bit.
 */
final class VectorMath {
  private VectorMath() {}

  /**
   * Dot product of {@code query} with the row starting at {@code offset} in {@code table}, with
   * this JVM's {@link ScanKernel#active() kernel}.
   */
  static float dot(float[] table, int offset, float[] query) {
    return ScanKernel.dot().dot(table, offset, query);
  }

  /**
   * The metric's distance between {@code query} and the row at {@code offset}, computed the way
   * {@link Metric#distance} does it so that thresholds mean the same everywhere.
   */
  static double distance(Metric metric, float[] table, int offset, float[] query) {
    return switch (metric) {
      case COSINE -> Math.max(0.0, 1.0 - dot(table, offset, query));
      case L2 -> {
        double sum = 0;
        for (int i = 0; i < query.length; i++) {
          double d = table[offset + i] - query[i];
          sum += d * d;
        }
        yield Math.sqrt(sum);
      }
    };
  }

  /**
   * A lower bound on the metric's distance between two vectors whose dot product, as computed by
   * {@link #dot}, is at most {@code dot}. For cosine it is exact. For L2 it allows for vectors
   * whose length is off unit by up to {@code unitTolerance}, as {@link
   * org.likeness.embed.Embedding} permits.
   */
  static double lowerBoundFromDot(Metric metric, double dot, double unitTolerance) {
    return switch (metric) {
      case COSINE -> Math.max(0.0, 1.0 - dot);
      case L2 -> {
        double shortest = 1 - unitTolerance;
        yield Math.sqrt(Math.max(0.0, 2 * shortest * shortest - 2 * dot));
      }
    };
  }
}
