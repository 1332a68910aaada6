package org.likeness.liveness.challenge;

import org.likeness.detect.FivePoints;
import org.likeness.detect.Landmarks;
import org.likeness.detect.Point;

/**
 * A generic head's five landmarks in 3-D (units of the eye distance; x to the image's right, y down,
 * z away from the camera), turned and projected by a pinhole camera. The nose stands 0.5 eye
 * distances in front of the eyes, the mouth corners 0.1. {@link #IBUG68} is the same head with all
 * 68 iBUG points (jaw, brows, nose bridge and nostrils, eye and mouth contours); its eye centres,
 * nose tip and mouth corners are the five points.
 */
final class SyntheticHead {
  static final double[][] POINTS = {
    {-0.5, 0, 0}, {0.5, 0, 0}, {0, 0.55, -0.5}, {-0.4, 1.15, -0.1}, {0.4, 1.15, -0.1}
  };

  static final double[][] IBUG68 = ibug68();

  private SyntheticHead() {}

  private static double[][] ibug68() {
    double[][] p = new double[68][];
    for (int i = 0; i <= 16; i++) { // jaw, ear to ear; its sides lie behind the eyes
      double t = Math.PI * (i / 16.0 - 0.5);
      p[i] = new double[] {0.95 * Math.sin(t), 1.5 * Math.cos(t) - 0.1, 0.5 * Math.abs(Math.sin(t))};
    }
    for (int i = 0; i < 5; i++) { // brows, slightly in front of the eyes
      p[17 + i] = new double[] {-0.85 + 0.175 * i, -0.3, -0.05};
      p[22 + i] = new double[] {0.15 + 0.175 * i, -0.3, -0.05};
    }
    for (int i = 0; i < 4; i++) { // nose bridge down to the tip (30)
      p[27 + i] = new double[] {0, 0.05 + i * (0.5 / 3), -0.1 - i * (0.4 / 3)};
    }
    for (int i = 0; i < 5; i++) { // nostrils
      p[31 + i] = new double[] {-0.2 + 0.1 * i, 0.7, -0.35 + 0.05 * Math.abs(i - 2)};
    }
    for (int i = 0; i < 6; i++) { // eye contours, from the outer corner over the top; centred on the eyes
      double a = Math.PI - i * Math.PI / 3;
      p[36 + i] = new double[] {-0.5 + 0.15 * Math.cos(a), -0.06 * Math.sin(a), 0};
      p[42 + i] = new double[] {0.5 + 0.15 * Math.cos(a), -0.06 * Math.sin(a), 0};
    }
    for (int i = 0; i < 12; i++) { // outer mouth, from the image-left corner (48) over the top; 54 the other corner
      double a = Math.PI - i * Math.PI / 6;
      p[48 + i] = new double[] {0.4 * Math.cos(a), 1.15 - 0.15 * Math.sin(a), -0.18 + 0.08 * Math.abs(Math.cos(a))};
    }
    for (int i = 0; i < 8; i++) { // inner mouth
      double a = Math.PI - i * Math.PI / 4;
      p[60 + i] = new double[] {0.3 * Math.cos(a), 1.15 - 0.05 * Math.sin(a), -0.15};
    }
    return p;
  }

  /** The 68 points of {@code points} turned and projected as {@link #project} does. */
  static Landmarks project68(double[][] points, double yawDegrees, double distance, double focal, double cx,
      double cy) {
    double c = Math.cos(Math.toRadians(yawDegrees));
    double s = Math.sin(Math.toRadians(yawDegrees));
    float[] xs = new float[68];
    float[] ys = new float[68];
    for (int i = 0; i < 68; i++) {
      double xr = c * points[i][0] - s * points[i][2];
      double zr = s * points[i][0] + c * points[i][2];
      xs[i] = (float) (cx + focal * xr / (distance + zr));
      ys[i] = (float) (cy + focal * points[i][1] / (distance + zr));
    }
    return Landmarks.fromIbug68(xs, ys);
  }

  /** The 68-point head turned by {@code yawDegrees}, seen as {@link #head}. */
  static Landmarks head68(double yawDegrees) {
    return project68(IBUG68, yawDegrees, 8, 400, 240, 180);
  }

  /** {@code points} with every z set to 0: a photo of that head. */
  static double[][] flattened(double[][] points) {
    double[][] f = new double[points.length][];
    for (int i = 0; i < points.length; i++) {
      f[i] = new double[] {points[i][0], points[i][1], 0};
    }
    return f;
  }

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
