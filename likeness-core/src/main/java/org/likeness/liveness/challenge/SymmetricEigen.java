package org.likeness.liveness.challenge;

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations. */
final class SymmetricEigen {
  private static final int MAX_SWEEPS = 100;

  private SymmetricEigen() {}

  /**
   * Row 0 holds the eigenvalues; rows 1..n hold the eigenvectors as columns ({@code result[1 + i][k]}
   * is component i of the k-th eigenvector). {@code m} is not changed.
   */
  static double[][] decompose(double[][] m) {
    int n = m.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      if (m[i].length != n) {
        throw new IllegalArgumentException("matrix is not square: row " + i + " has " + m[i].length + " of " + n);
      }
      a[i] = m[i].clone();
    }
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      double off = 0;
      double diag = 0;
      for (int p = 0; p < n; p++) {
        diag += a[p][p] * a[p][p];
        for (int q = p + 1; q < n; q++) {
          off += a[p][q] * a[p][q];
        }
      }
      if (off <= 1e-30 * Math.max(diag, 1e-300)) {
        break;
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          if (a[p][q] == 0) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    double[][] out = new double[n + 1][];
    out[0] = new double[n];
    for (int i = 0; i < n; i++) {
      out[0][i] = a[i][i];
      out[1 + i] = v[i];
    }
    return out;
  }
}
