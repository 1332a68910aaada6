package org.likeness.train;

import java.util.ArrayList;
import java.util.List;

/**
 * How triplets are chosen online inside a batch of P people x K images (FaceNet, Schroff et al.
 * 2015, section 3.2; batch-hard after Hermans et al. 2017). Each constant selects from the batch's
 * squared Euclidean distances as the embeddings stand at this step; no gradient flows through the
 * choice. Rows whose person has no second image in the batch are never anchors.
 */
public enum Mining {
  /** Every valid triplet: each anchor-positive pair with each negative. Most are easy (zero loss). */
  BATCH_ALL {
    @Override
    List<Triplet> select(double[][] d, int[] person, double alpha) {
      List<Triplet> out = new ArrayList<>();
      int n = person.length;
      for (int a = 0; a < n; a++) {
        for (int p = 0; p < n; p++) {
          if (p == a || person[p] != person[a]) {
            continue;
          }
          for (int q = 0; q < n; q++) {
            if (person[q] != person[a]) {
              out.add(new Triplet(a, p, q));
            }
          }
        }
      }
      return out;
    }
  },
  /** For each anchor, its farthest positive and its nearest negative: one triplet per anchor. */
  BATCH_HARD {
    @Override
    List<Triplet> select(double[][] d, int[] person, double alpha) {
      List<Triplet> out = new ArrayList<>();
      int n = person.length;
      for (int a = 0; a < n; a++) {
        int hardestPositive = -1;
        int hardestNegative = -1;
        for (int j = 0; j < n; j++) {
          if (j == a) {
            continue;
          }
          if (person[j] == person[a]) {
            if (hardestPositive < 0 || d[a][j] > d[a][hardestPositive]) {
              hardestPositive = j;
            }
          } else if (hardestNegative < 0 || d[a][j] < d[a][hardestNegative]) {
            hardestNegative = j;
          }
        }
        if (hardestPositive >= 0 && hardestNegative >= 0) {
          out.add(new Triplet(a, hardestPositive, hardestNegative));
        }
      }
      return out;
    }
  },
  /**
   * FaceNet's choice: every anchor-positive pair, each with a semi-hard negative, one farther from
   * the anchor than the positive (FaceNet eq. 4, {@code d(a,p) < d(a,n)}) and, when one exists,
   * still inside the margin ({@code d(a,n) < d(a,p) + alpha}). The rule, in order:
   *
   * <ol>
   *   <li>the nearest negative with {@code d(a,n) > d(a,p)}. When it lies inside the margin the
   *       triplet is active; when even the nearest lies beyond {@code d(a,p) + alpha} the pair is
   *       already satisfied and its triplet costs nothing (it still counts as selected, so the
   *       active fraction shows it);
   *   <li>if every negative is nearer than the positive, the farthest negative: the least hard of the
   *       hard ones. FaceNet warns that the hardest negatives lead to a collapsed model early in
   *       training; this is the fallback TensorFlow's {@code triplet_semihard_loss} uses.
   * </ol>
   */
  SEMI_HARD {
    @Override
    List<Triplet> select(double[][] d, int[] person, double alpha) {
      List<Triplet> out = new ArrayList<>();
      int n = person.length;
      for (int a = 0; a < n; a++) {
        for (int p = 0; p < n; p++) {
          if (p == a || person[p] != person[a]) {
            continue;
          }
          int nearestFarther = -1;
          int farthest = -1;
          for (int q = 0; q < n; q++) {
            if (person[q] == person[a]) {
              continue;
            }
            if (d[a][q] > d[a][p] && (nearestFarther < 0 || d[a][q] < d[a][nearestFarther])) {
              nearestFarther = q;
            }
            if (farthest < 0 || d[a][q] > d[a][farthest]) {
              farthest = q;
            }
          }
          if (nearestFarther >= 0) {
            out.add(new Triplet(a, p, nearestFarther));
          } else if (farthest >= 0) {
            out.add(new Triplet(a, p, farthest));
          }
        }
      }
      return out;
    }
  };

  /**
   * The triplets of one batch.
   *
   * @param squaredDistances {@code n x n} squared Euclidean distances between the batch's embeddings
   * @param person the person (label) of each row
   * @param alpha the triplet margin
   */
  abstract List<Triplet> select(double[][] squaredDistances, int[] person, double alpha);

  /** {@link #select} with its inputs checked; the public entry point for callers and tests. */
  public List<Triplet> triplets(double[][] squaredDistances, int[] person, double alpha) {
    if (squaredDistances.length != person.length) {
      throw new IllegalArgumentException(
          "need one label per row: " + squaredDistances.length + " rows, " + person.length + " labels");
    }
    for (double[] row : squaredDistances) {
      if (row.length != person.length) {
        throw new IllegalArgumentException(
            "distance matrix must be square, got a row of " + row.length + " in a " + person.length + "-row batch");
      }
    }
    if (!(alpha >= 0)) {
      throw new IllegalArgumentException("triplet margin alpha must be non-negative, got " + alpha);
    }
    return select(squaredDistances, person, alpha);
  }
}
