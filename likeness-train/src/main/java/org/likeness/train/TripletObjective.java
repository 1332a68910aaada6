package org.likeness.train;

import java.util.List;
import org.likeness.loss.TripletLoss;

/**
 * The triplet loss of one batch and its gradient with respect to the batch's embeddings. The loss
 * is the seed's {@link TripletLoss}, {@code sum_i max(||a-p||^2 - ||a-n||^2 + alpha, 0)}; the
 * training objective is that sum divided by the number of selected triplets (the mean), which keeps
 * the step size independent of the batch and of the mining rule.
 */
public final class TripletObjective {
  private TripletObjective() {}

  /**
   * The value of one batch.
   *
   * @param lossSum the seed's summed loss over the selected triplets
   * @param triplets how many triplets were selected
   * @param active how many had a non-zero loss
   * @param gradient gradient of {@code lossSum / triplets} with respect to each embedding row
   */
  public record Value(double lossSum, int triplets, int active, double[][] gradient) {
    /** Mean loss per selected triplet; 0 when none was selected. */
    public double meanLoss() {
      return triplets == 0 ? 0 : lossSum / triplets;
    }
  }

  /** Squared Euclidean distances between every pair of rows. */
  public static double[][] squaredDistances(double[][] e) {
    int n = e.length;
    double[][] d = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double s = 0;
        for (int c = 0; c < e[i].length; c++) {
          double diff = e[i][c] - e[j][c];
          s += diff * diff;
        }
        d[i][j] = s;
        d[j][i] = s;
      }
    }
    return d;
  }

  /** Loss and gradient of {@code embeddings} for the given triplets. */
  public static Value evaluate(double[][] embeddings, List<Triplet> triplets, double alpha) {
    int n = embeddings.length;
    int dims = n == 0 ? 0 : embeddings[0].length;
    double[][] grad = new double[n][dims];
    double sum = 0;
    int active = 0;
    double scale = triplets.isEmpty() ? 0 : 1.0 / triplets.size();
    for (Triplet t : triplets) {
      double[] a = embeddings[t.anchor()];
      double[] p = embeddings[t.positive()];
      double[] q = embeddings[t.negative()];
      double dap = 0;
      double dan = 0;
      for (int c = 0; c < dims; c++) {
        double x = a[c] - p[c];
        double y = a[c] - q[c];
        dap += x * x;
        dan += y * y;
      }
      double l = dap - dan + alpha;
      if (l > 0) {
        sum += l;
        active++;
        // dl/da = 2(n - p), dl/dp = 2(p - a), dl/dn = 2(a - n)
        double[] ga = grad[t.anchor()];
        double[] gp = grad[t.positive()];
        double[] gn = grad[t.negative()];
        for (int c = 0; c < dims; c++) {
          ga[c] += 2 * scale * (q[c] - p[c]);
          gp[c] += 2 * scale * (p[c] - a[c]);
          gn[c] += 2 * scale * (a[c] - q[c]);
        }
      }
    }
    return new Value(sum, triplets.size(), active, grad);
  }
}
