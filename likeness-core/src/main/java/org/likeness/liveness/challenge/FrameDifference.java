package org.likeness.liveness.challenge;

import org.likeness.image.RgbImage;

/**
 * How much two frames differ as a whole: the mean absolute luma difference (0..255) after both are
 * area-averaged onto a {@value #GRID}x{@value #GRID} grid, so sensor noise averages out and frames of
 * different sizes can be compared. A live camera stream changes between frames taken a fifth of a
 * second apart; a frozen or looped stream repeats them.
 */
final class FrameDifference {
  /** Cells per side of the comparison grid. */
  static final int GRID = 32;

  private FrameDifference() {}

  static double meanAbsolute(RgbImage a, RgbImage b) {
    return meanAbsolute(grid(a), grid(b));
  }

  private static double meanAbsolute(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs(a[i] - b[i]);
    }
    return sum / a.length;
  }

  /** Mean BT.601 luma of each grid cell. */
  static double[] grid(RgbImage image) {
    double[] sum = new double[GRID * GRID];
    int[] count = new int[GRID * GRID];
    int w = image.width();
    int h = image.height();
    byte[] px = image.pixels();
    for (int y = 0; y < h; y++) {
      int gy = (int) ((long) y * GRID / h);
      for (int x = 0; x < w; x++) {
        int gx = (int) ((long) x * GRID / w);
        int o = (y * w + x) * 3;
        double luma = 0.299 * (px[o] & 0xFF) + 0.587 * (px[o + 1] & 0xFF) + 0.114 * (px[o + 2] & 0xFF);
        sum[gy * GRID + gx] += luma;
        count[gy * GRID + gx]++;
      }
    }
    for (int i = 0; i < sum.length; i++) {
      // A frame smaller than the grid leaves cells empty; they read 0 in both frames alike.
      sum[i] = count[i] == 0 ? 0 : sum[i] / count[i];
    }
    return sum;
  }
}
