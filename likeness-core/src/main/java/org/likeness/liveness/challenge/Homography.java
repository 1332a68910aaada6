package org.likeness.liveness.challenge;

import java.util.List;
import org.likeness.detect.Point;

/**
 * A plane-to-plane projective map {@code (x, y) -> (h0 x + h1 y + h2, h3 x + h4 y + h5) / (h6 x + h7 y
 * + h8)}, fitted by the normalised direct linear transform (Hartley and Zisserman, Multiple View
 * Geometry, algorithm 4.2). Points on one plane seen by a moving camera (a photo held up to it)
 * follow one homography from frame to frame; points off that plane do not.
 */
record Homography(double[] h) {
  Homography {
    if (h.length != 9) {
      throw new IllegalArgumentException("a homography has 9 entries, got " + h.length);
    }
    for (double v : h) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("a homography's entries must be finite, got " + java.util.Arrays.toString(h));
      }
    }
    h = h.clone();
  }

  /** Where {@code p} lands. */
  Point apply(Point p) {
    double w = h[6] * p.x() + h[7] * p.y() + h[8];
    return new Point((float) ((h[0] * p.x() + h[1] * p.y() + h[2]) / w), (float) ((h[3] * p.x() + h[4] * p.y() + h[5]) / w));
  }

  /**
   * The homography taking each {@code from} point to its {@code to} point, least squares in the
   * algebraic error; exact for four points in general position.
   *
   * @throws IllegalArgumentException for fewer than four pairs, unequal lists, or points so
   *     degenerate (three on a line, all equal) that no unique homography exists
   */
  static Homography fit(List<Point> from, List<Point> to) {
    if (from.size() != to.size() || from.size() < 4) {
      throw new IllegalArgumentException(
          "a homography needs at least 4 point pairs, got " + from.size() + " and " + to.size());
    }
    double[] t1 = normalising(from);
    double[] t2 = normalising(to);
    int n = from.size();
    double[][] ata = new double[9][9];
    for (int i = 0; i < n; i++) {
      double x = t1[0] * from.get(i).x() + t1[1];
      double y = t1[0] * from.get(i).y() + t1[2];
      double u = t2[0] * to.get(i).x() + t2[1];
      double v = t2[0] * to.get(i).y() + t2[2];
      accumulate(ata, new double[] {0, 0, 0, -x, -y, -1, v * x, v * y, v});
      accumulate(ata, new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, -u});
    }
    double[][] eigen = SymmetricEigen.decompose(ata);
    double[] values = eigen[0];
    int smallest = 0;
    int second = -1;
    for (int i = 1; i < 9; i++) {
      if (values[i] < values[smallest]) {
        smallest = i;
      }
    }
    for (int i = 0; i < 9; i++) {
      if (i != smallest && (second < 0 || values[i] < values[second])) {
        second = i;
      }
    }
    // With 4 points in general position the null space is one-dimensional; a second (near-)zero
    // eigenvalue means the points do not fix a homography.
    if (values[second] <= 1e-10 * Math.max(1e-300, values[maxIndex(values)])) {
      throw new IllegalArgumentException("points are degenerate (collinear or repeated): " + from + " -> " + to);
    }
    double[] hn = new double[9];
    for (int i = 0; i < 9; i++) {
      hn[i] = eigen[1 + i][smallest];
    }
    // Undo the normalisation: H = T2^-1 Hn T1, with T = [s 0 tx; 0 s ty; 0 0 1].
    double[] a = multiply(inverse(t2), multiply(hn, matrix(t1)));
    double scale = Math.abs(a[8]) > 1e-12 ? a[8] : norm(a);
    for (int i = 0; i < 9; i++) {
      a[i] /= scale;
    }
    return new Homography(a);
  }

  /** Similarity {s, tx, ty} moving the centroid to the origin and the mean distance to sqrt(2). */
  private static double[] normalising(List<Point> ps) {
    double cx = 0;
    double cy = 0;
    for (Point p : ps) {
      cx += p.x();
      cy += p.y();
    }
    cx /= ps.size();
    cy /= ps.size();
    double mean = 0;
    for (Point p : ps) {
      mean += Math.hypot(p.x() - cx, p.y() - cy);
    }
    mean /= ps.size();
    if (!(mean > 0)) {
      throw new IllegalArgumentException("all points coincide: " + ps);
    }
    double s = Math.sqrt(2) / mean;
    return new double[] {s, -s * cx, -s * cy};
  }

  private static double[] matrix(double[] t) {
    return new double[] {t[0], 0, t[1], 0, t[0], t[2], 0, 0, 1};
  }

  private static double[] inverse(double[] t) {
    double s = 1 / t[0];
    return new double[] {s, 0, -t[1] * s, 0, s, -t[2] * s, 0, 0, 1};
  }

  private static double[] multiply(double[] a, double[] b) {
    double[] c = new double[9];
    for (int r = 0; r < 3; r++) {
      for (int col = 0; col < 3; col++) {
        double sum = 0;
        for (int k = 0; k < 3; k++) {
          sum += a[r * 3 + k] * b[k * 3 + col];
        }
        c[r * 3 + col] = sum;
      }
    }
    return c;
  }

  private static void accumulate(double[][] ata, double[] row) {
    for (int i = 0; i < 9; i++) {
      for (int j = 0; j < 9; j++) {
        ata[i][j] += row[i] * row[j];
      }
    }
  }

  private static int maxIndex(double[] v) {
    int m = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[m]) {
        m = i;
      }
    }
    return m;
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Homography other && java.util.Arrays.equals(other.h, h);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(h);
  }

  @Override
  public String toString() {
    return "Homography" + java.util.Arrays.toString(h);
  }
}
