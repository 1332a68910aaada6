package org.likeness.detect;

import java.util.List;

/**
 * A face's landmarks: the five alignment points, and the full 68-point iBUG set when the landmark
 * model gives one (aligners that fit many points, like dlib's, use it).
 *
 * @param five eye centres, nose tip and mouth corners
 * @param ibug68 all 68 iBUG points in image coordinates, or an empty list
 */
public record Landmarks(FivePoints five, List<Point> ibug68) {
  public Landmarks {
    if (five == null) {
      throw new IllegalArgumentException("landmarks need the five alignment points");
    }
    ibug68 = List.copyOf(ibug68);
    if (!ibug68.isEmpty() && ibug68.size() != 68) {
      throw new IllegalArgumentException("the iBUG layout has 68 points, got " + ibug68.size());
    }
  }

  /** Landmarks with only the five points. */
  public static Landmarks ofFive(FivePoints five) {
    return new Landmarks(five, List.of());
  }

  /** The five points and the full set, from 68 iBUG coordinates. */
  public static Landmarks fromIbug68(float[] xs, float[] ys) {
    Point[] all = new Point[68];
    for (int i = 0; i < 68; i++) {
      all[i] = new Point(xs[i], ys[i]);
    }
    return new Landmarks(FivePoints.fromIbug68(xs, ys), List.of(all));
  }

  /** The same landmarks moved by (dx, dy). */
  public Landmarks shifted(float dx, float dy) {
    return new Landmarks(
        new FivePoints(
            shift(five.leftEye(), dx, dy), shift(five.rightEye(), dx, dy), shift(five.nose(), dx, dy),
            shift(five.leftMouth(), dx, dy), shift(five.rightMouth(), dx, dy)),
        ibug68.stream().map(p -> shift(p, dx, dy)).toList());
  }

  private static Point shift(Point p, float dx, float dy) {
    return new Point(p.x() + dx, p.y() + dy);
  }
}
