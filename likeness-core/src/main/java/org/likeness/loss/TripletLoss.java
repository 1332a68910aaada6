package org.likeness.loss;

/**
 * The FaceNet triplet loss (Schroff et al., 2015), exactly as the seed notebook defines it:
 * {@code sum_i max(||A_i - P_i||^2 - ||A_i - N_i||^2 + alpha, 0)}, squared distances summed over
 * the embedding axis, the hinge summed over the batch.
 */
public final class TripletLoss {
  /** The margin FaceNet and the seed use. */
  public static final double DEFAULT_ALPHA = 0.2;

  private TripletLoss() {}

  /** The loss of a batch of triplets; row i of each matrix is one embedding. */
  public static double loss(float[][] anchor, float[][] positive, float[][] negative, double alpha) {
    if (anchor.length != positive.length || anchor.length != negative.length) {
      throw new IllegalArgumentException(
          "triplet batch sizes differ: " + anchor.length + " anchors, " + positive.length
              + " positives, " + negative.length + " negatives");
    }
    double total = 0;
    for (int i = 0; i < anchor.length; i++) {
      total += Math.max(squaredDistance(anchor[i], positive[i]) - squaredDistance(anchor[i], negative[i]) + alpha, 0);
    }
    return total;
  }

  /** {@link #loss} with {@link #DEFAULT_ALPHA}. */
  public static double loss(float[][] anchor, float[][] positive, float[][] negative) {
    return loss(anchor, positive, negative, DEFAULT_ALPHA);
  }

  /** {@code ||a - b||^2}, summed over every component. */
  public static double squaredDistance(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "embeddings differ in size: " + a.length + " and " + b.length);
    }
    double sum = 0;
    for (int k = 0; k < a.length; k++) {
      double d = (double) a[k] - b[k];
      sum += d * d;
    }
    return sum;
  }
}
