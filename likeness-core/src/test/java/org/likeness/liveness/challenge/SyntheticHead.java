package org.likeness.liveness.challenge;

import org.likeness.detect.FivePoints;
import org.likeness.detect.Point;

/**
 * A generic head's five landmarks in 3-D (units of the eye distance; x to the image's right, y down,
 * z away from the camera), turned and projected by a pinhole camera. The nose stands 0.5 eye
 * distances in front of the eyes, the mouth corners 0.1.
 */
final class SyntheticHead {
  static final double[][] POINTS = {
    {-0.5, 0, 0}, {0.5, 0, 0}, {0, 0.55, -0.5}, {-0.4, 1.15, -0.1}, {0.4, 1.15, -0.1}
  };

  private SyntheticHead() {}

  /**
   * The landmarks of the head turned by {@code yawDegrees} about its vertical axis (positive: the
   * nose toward the image's right, the person's own left in a non-mirrored frame), at distance
   * {@code distance} eye distances, seen with focal length {@code focal} pixels, centred at (cx, cy).
   */
  static FivePoints project(double[][] points, double yawDegrees, double distance, double focal, double cx, double cy) {
    double c = Math.cos(Math.toRadians(yawDegrees));
    double s = Math.sin(Math.toRadians(yawDegrees));
    Point[] out = new Point[5];
    for (int i = 0; i < 5; i++) {
      double x = points[i][0];
      double y = points[i][1];
      double z = points[i][2];
      double xr = c * x - s * z;
      double zr = s * x + c * z;
      out[i] = new Point((float) (cx + focal * xr / (distance + zr)), (float) (cy + focal * y / (distance + zr)));
    }
    return new FivePoints(out[0], out[1], out[2], out[3], out[4]);
  }

  static FivePoints head(double yawDegrees) {
    return project(POINTS, yawDegrees, 8, 400, 240, 180);
  }

  /** The frontal head tilted down by {@code pitchDegrees} (nodding), seen as {@link #head}. */
  static FivePoints nodded(double pitchDegrees) {
    double c = Math.cos(Math.toRadians(pitchDegrees));
    double s = Math.sin(Math.toRadians(pitchDegrees));
    double[][] tilted = new double[5][];
    for (int i = 0; i < 5; i++) {
      double y = POINTS[i][1] - 0.55;
      double z = POINTS[i][2];
      tilted[i] = new double[] {POINTS[i][0], 0.55 + c * y - s * z, s * y + c * z};
    }
    return project(tilted, 0, 8, 400, 240, 180);
  }

  /** The same head flattened onto the eyes' plane: a photo of it. */
  static double[][] flat() {
    double[][] f = new double[5][];
    for (int i = 0; i < 5; i++) {
      f[i] = new double[] {POINTS[i][0], POINTS[i][1], 0};
    }
    return f;
  }
}
