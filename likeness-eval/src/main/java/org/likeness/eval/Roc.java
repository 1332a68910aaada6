package org.likeness.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ROC curve of a distance-based decision: for every threshold, the true-accept rate (same-person
 * pairs with distance at most the threshold) against the false-accept rate (different-person pairs
 * with distance at most it).
 *
 * @param points the curve, from (0, 0) to (1, 1), one point per distinct distance
 */
public record Roc(List<Point> points) {

  /**
   * One operating point.
   *
   * @param threshold accept when distance is at most this
   * @param far false-accept rate
   * @param tar true-accept rate
   */
  public record Point(double threshold, double far, double tar) {}

  public static Roc of(double[] distances, boolean[] same) {
    int n = distances.length;
    Integer[] order = new Integer[n];
    int positives = 0;
    for (int i = 0; i < n; i++) {
      order[i] = i;
      positives += same[i] ? 1 : 0;
    }
    int negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException(
          "a ROC curve needs both kinds of pairs, got " + positives + " same and " + negatives + " different");
    }
    Arrays.sort(order, (a, b) -> Double.compare(distances[a], distances[b]));
    List<Point> pts = new ArrayList<>();
    pts.add(new Point(Double.NEGATIVE_INFINITY, 0, 0));
    int tp = 0;
    int fp = 0;
    for (int k = 0; k < n; k++) {
      if (same[order[k]]) {
        tp++;
      } else {
        fp++;
      }
      boolean lastOfTie = k == n - 1 || distances[order[k + 1]] > distances[order[k]];
      if (lastOfTie) {
        pts.add(new Point(distances[order[k]], (double) fp / negatives, (double) tp / positives));
      }
    }
    return new Roc(List.copyOf(pts));
  }

  /** Area under the curve (trapezoids), in [0, 1]. */
  public double auc() {
    double area = 0;
    for (int i = 1; i < points.size(); i++) {
      Point a = points.get(i - 1);
      Point b = points.get(i);
      area += (b.far() - a.far()) * (a.tar() + b.tar()) / 2;
    }
    return area;
  }

  /**
   * Equal error rate: where the false-accept rate equals the false-reject rate (1 - TAR),
   * interpolated linearly between the two points that bracket it.
   */
  public double eer() {
    for (int i = 1; i < points.size(); i++) {
      Point a = points.get(i - 1);
      Point b = points.get(i);
      double da = a.far() - (1 - a.tar());
      double db = b.far() - (1 - b.tar());
      if (da <= 0 && db >= 0) {
        if (db == da) {
          return a.far();
        }
        double t = -da / (db - da);
        return a.far() + t * (b.far() - a.far());
      }
    }
    throw new IllegalStateException("the ROC curve never crosses FAR = FRR");
  }

  /** The best true-accept rate whose false-accept rate is at most {@code far}. */
  public double tarAt(double far) {
    double best = 0;
    for (Point p : points) {
      if (p.far() <= far) {
        best = Math.max(best, p.tar());
      }
    }
    return best;
  }

  /**
   * The calibrated threshold for a false-accept rate of at most {@code far}: midway between the
   * last distance that may be accepted and the next one, so it never sits on a sample.
   */
  public double thresholdAt(double far) {
    int last = 0;
    for (int i = 0; i < points.size(); i++) {
      if (points.get(i).far() <= far) {
        last = i;
      }
    }
    if (last == points.size() - 1) {
      return points.get(last).threshold();
    }
    double next = points.get(last + 1).threshold();
    return last == 0 ? next - 1e-6 : (points.get(last).threshold() + next) / 2;
  }
}
