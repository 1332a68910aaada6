package org.likeness.compare;

/**
 * How two unit embeddings are compared. Every constant returns a distance: smaller means more alike,
 * and a decision accepts when the distance is at most a calibrated {@code maxDistance}.
 */
public enum Metric {
  /** {@code 1 - cos(a, b)}, in [0, 2]. */
  COSINE {
    @Override
    public double distance(float[] a, float[] b) {
      return 1.0 - dot(a, b);
    }
  },
  /** Euclidean distance {@code ||a - b||}, in [0, 2] for unit vectors. */
  L2 {
    @Override
    public double distance(float[] a, float[] b) {
      requireSameLength(a, b);
      double sum = 0;
      for (int i = 0; i < a.length; i++) {
        double d = a[i] - b[i];
        sum += d * d;
      }
      return Math.sqrt(sum);
    }
  };

  /** The distance between {@code a} and {@code b}; smaller is more alike. */
  public abstract double distance(float[] a, float[] b);

  /** Parses a metric name, case-insensitively, naming the valid choices on failure. */
  public static Metric parse(String name) {
    for (Metric m : values()) {
      if (m.name().equalsIgnoreCase(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown metric '" + name + "', expected cosine or l2");
  }

  static double dot(float[] a, float[] b) {
    requireSameLength(a, b);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static void requireSameLength(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "cannot compare a " + a.length + "-d vector with a " + b.length + "-d vector");
    }
  }
}
