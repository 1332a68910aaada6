package org.likeness.gallery.search;

import org.likeness.compare.Metric;

/**
 * The one dot product every engine uses, so exact and HNSW re-ranked distances agree to the bit.
 */
final class VectorMath {
  private VectorMath() {}

  /**
   * Dot product of {@code query} with the row starting at {@code offset} in {@code table}. Eight
   * independent accumulators let the CPU overlap the multiply-adds; on JDK 17 this keeps a scan
   * bound by memory bandwidth rather than by arithmetic.
   */
  static float dot(float[] table, int offset, float[] query) {
    int dim = query.length;
    int blocked = dim & ~7;
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int i = 0;
    for (; i < blocked; i += 8) {
      int o = offset + i;
      s0 += table[o] * query[i];
      s1 += table[o + 1] * query[i + 1];
      s2 += table[o + 2] * query[i + 2];
      s3 += table[o + 3] * query[i + 3];
      s4 += table[o + 4] * query[i + 4];
      s5 += table[o + 5] * query[i + 5];
      s6 += table[o + 6] * query[i + 6];
      s7 += table[o + 7] * query[i + 7];
    }
    for (; i < dim; i++) {
      s0 += table[offset + i] * query[i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
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
