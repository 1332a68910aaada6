package org.likeness.detect;

import java.util.List;

/**
 * The five landmarks every aligner here uses, in image coordinates. "Left" and "right" are as seen
 * in the image: {@code leftEye} has the smaller x in an upright, frontal face.
 */
public record FivePoints(Point leftEye, Point rightEye, Point nose, Point leftMouth, Point rightMouth) {
  public FivePoints {
    for (Point p : new Point[] {leftEye, rightEye, nose, leftMouth, rightMouth}) {
      if (p == null || !Float.isFinite(p.x()) || !Float.isFinite(p.y())) {
        throw new IllegalArgumentException("five-point landmarks must all be finite, got " + p);
      }
    }
  }

  /** The points in the fixed order left eye, right eye, nose, left mouth, right mouth. */
  public List<Point> asList() {
    return List.of(leftEye, rightEye, nose, leftMouth, rightMouth);
  }

  /** Builds the five points from the 68-point iBUG layout (eye centres, nose tip, mouth corners). */
  public static FivePoints fromIbug68(float[] xs, float[] ys) {
    if (xs.length != 68 || ys.length != 68) {
      throw new IllegalArgumentException(
          "the iBUG layout has 68 points, got " + xs.length + " x and " + ys.length + " y");
    }
    return new FivePoints(
        mean(xs, ys, 36, 42), mean(xs, ys, 42, 48), new Point(xs[30], ys[30]),
        new Point(xs[48], ys[48]), new Point(xs[54], ys[54]));
  }

  private static Point mean(float[] xs, float[] ys, int from, int to) {
    float sx = 0;
    float sy = 0;
    for (int i = from; i < to; i++) {
      sx += xs[i];
      sy += ys[i];
    }
    return new Point(sx / (to - from), sy / (to - from));
  }

  /** The same points moved by (dx, dy). */
  public FivePoints shifted(float dx, float dy) {
    return new FivePoints(
        new Point(leftEye.x() + dx, leftEye.y() + dy), new Point(rightEye.x() + dx, rightEye.y() + dy),
        new Point(nose.x() + dx, nose.y() + dy), new Point(leftMouth.x() + dx, leftMouth.y() + dy),
        new Point(rightMouth.x() + dx, rightMouth.y() + dy));
  }
}
