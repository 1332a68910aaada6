package org.likeness.align;

import java.util.List;
import org.likeness.detect.Point;

/**
 * Least-squares similarity transform (rotation, uniform scale, translation) between two point
 * sets, after Umeyama (1991), "Least-squares estimation of transformation parameters between two
 * point patterns". This is what insightface's {@code estimate_norm} and dlib's
 * {@code find_similarity_transform} compute.
 */
public final class SimilarityTransform {
  private SimilarityTransform() {}

  /** The similarity that best maps {@code from[i]} onto {@code to[i]}, as an {@link Affine}. */
  public static Affine estimate(List<Point> from, List<Point> to) {
    int n = from.size();
    if (n < 2 || to.size() != n) {
      throw new IllegalArgumentException(
          "a similarity needs at least 2 matching points, got " + n + " and " + to.size());
    }
    double mxs = 0, mys = 0, mxd = 0, myd = 0;
    for (int i = 0; i < n; i++) {
      mxs += from.get(i).x();
      mys += from.get(i).y();
      mxd += to.get(i).x();
      myd += to.get(i).y();
    }
    mxs /= n;
    mys /= n;
    mxd /= n;
    myd /= n;
    // Covariance sigma = (1/n) sum (dst - mean_d)(src - mean_s)^T, and source variance.
    double s00 = 0, s01 = 0, s10 = 0, s11 = 0, varS = 0;
    for (int i = 0; i < n; i++) {
      double xs = from.get(i).x() - mxs;
      double ys = from.get(i).y() - mys;
      double xd = to.get(i).x() - mxd;
      double yd = to.get(i).y() - myd;
      s00 += xd * xs;
      s01 += xd * ys;
      s10 += yd * xs;
      s11 += yd * ys;
      varS += xs * xs + ys * ys;
    }
    s00 /= n;
    s01 /= n;
    s10 /= n;
    s11 /= n;
    varS /= n;
    if (!(varS > 1e-12)) {
      throw new IllegalArgumentException("source points coincide; cannot estimate a similarity from " + from);
    }
    // For 2-D the optimal rotation+scale has the closed form R*s = [[p, -q], [q, p]] with
    // p = (s00 + s11) / varS, q = (s10 - s01) / varS (this is Umeyama's solution when det > 0,
    // which holds for any non-mirrored point set).
    double p = (s00 + s11) / varS;
    double q = (s10 - s01) / varS;
    double tx = mxd - (p * mxs - q * mys);
    double ty = myd - (q * mxs + p * mys);
    return new Affine(p, -q, tx, q, p, ty);
  }
}
