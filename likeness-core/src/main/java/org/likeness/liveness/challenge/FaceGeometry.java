package org.likeness.liveness.challenge;

import java.util.List;
import org.likeness.detect.FivePoints;
import org.likeness.detect.Landmarks;
import org.likeness.detect.Point;

/**
 * What the challenge measures on a face's landmarks: head turn (five points) and out-of-plane
 * parallax (the 68 iBUG points when the landmark network gave them, else the five).
 */
final class FaceGeometry {
  /**
   * iBUG indices taken as the face's near-planar part for the parallax homography: both eye contours
   * (36-47) and the outer mouth contour (48-59). Adding the brows changed little (dev flat parallax
   * p95 0.028 against 0.030, measured on the tip and nostrils) and the jaw line, a self-occluding
   * contour, added noise (0.041).
   */
  static final int[] PLANE_68 = range(36, 60);

  /**
   * iBUG indices whose parallax is measured: the nose bridge (27-30), tip (30) and nostrils (31-35).
   * Their residuals are averaged as vectors before taking the length, so independent landmark noise
   * shrinks while the coherent shift of a real nose (all of it stands in front of the eyes) stays.
   */
  static final int[] NOSE_68 = range(27, 36);

  private FaceGeometry() {}

  /** Distance between the eye centres in pixels. */
  static double eyeDistance(FivePoints p) {
    return Math.hypot(p.rightEye().x() - p.leftEye().x(), p.rightEye().y() - p.leftEye().y());
  }

  /**
   * A yaw proxy: the nose tip's offset from the face's midline (the midpoint of the eye midpoint and
   * the mouth midpoint), measured along the eye line from the image-left eye toward the image-right
   * eye, in units of the eye distance. Positive when the nose points to the image's right, that is
   * when the person is turned to their own left in a non-mirrored frame. A frontal face reads about
   * 0; for a generic face (nose 0.5 eye distances in front of the eye-mouth plane) it is roughly
   * {@code 0.5 tan(yaw)}. The eye line sets the direction, so in-plane roll does not read as yaw.
   */
  static double yawProxy(FivePoints p) {
    double eyes = eyeDistance(p);
    if (!(eyes > 0)) {
      throw new IllegalArgumentException("the eyes coincide, cannot measure yaw: " + p);
    }
    double ux = (p.rightEye().x() - p.leftEye().x()) / eyes;
    double uy = (p.rightEye().y() - p.leftEye().y()) / eyes;
    double mx = (p.leftEye().x() + p.rightEye().x() + p.leftMouth().x() + p.rightMouth().x()) / 4;
    double my = (p.leftEye().y() + p.rightEye().y() + p.leftMouth().y() + p.rightMouth().y()) / 4;
    return ((p.nose().x() - mx) * ux + (p.nose().y() - my) * uy) / eyes;
  }

  /**
   * How far the nose leaves the plane of the eyes and mouth corners between two views: the
   * homography through the four near-planar points (eyes, mouth corners) of {@code a} onto those of
   * {@code b} carries a's nose to where a flat face's nose would be in b; the distance to b's actual
   * nose, over b's eye distance, is measured both ways and averaged. About 0 for a photo or screen
   * (up to landmark noise), about {@code 0.5 sin(change in yaw)} for a real head.
   */
  static double noseParallax(FivePoints a, FivePoints b) {
    return (oneWay(a, b) + oneWay(b, a)) / 2;
  }

  private static double oneWay(FivePoints a, FivePoints b) {
    Homography h = Homography.fit(plane(a), plane(b));
    Point predicted = h.apply(a.nose());
    return Math.hypot(predicted.x() - b.nose().x(), predicted.y() - b.nose().y()) / eyeDistance(b);
  }

  /**
   * The nose parallax between two views from all the landmarks they have. When both carry the 68
   * iBUG points: the least-squares homography through the {@link #PLANE_68} points of {@code a} onto
   * those of {@code b} carries a's {@link #NOSE_68} points to where a flat face's would be in b; the
   * mean of the residual vectors, over b's eye distance, is measured both ways and averaged. Fitting
   * 24 points and averaging 9 halves the landmark noise a photo shows (dev flat attacks: parallax p95
   * 0.031 against 0.067 with five points), while a real head reads about 0.9 times its five-point
   * parallax. When either view has only five points (a detector's own, e.g. MTCNN on a face that
   * fills the frame), it is {@link #noseParallax(FivePoints, FivePoints)}.
   */
  static double noseParallax(Landmarks a, Landmarks b) {
    if (a.ibug68().isEmpty() || b.ibug68().isEmpty()) {
      return noseParallax(a.five(), b.five());
    }
    return (oneWay68(a, b) + oneWay68(b, a)) / 2;
  }

  private static double oneWay68(Landmarks a, Landmarks b) {
    Homography h = Homography.fit(pick(a.ibug68(), PLANE_68), pick(b.ibug68(), PLANE_68));
    double dx = 0;
    double dy = 0;
    for (int i : NOSE_68) {
      Point predicted = h.apply(a.ibug68().get(i));
      dx += predicted.x() - b.ibug68().get(i).x();
      dy += predicted.y() - b.ibug68().get(i).y();
    }
    return Math.hypot(dx / NOSE_68.length, dy / NOSE_68.length) / eyeDistance(b.five());
  }

  private static List<Point> pick(List<Point> all, int[] indices) {
    Point[] out = new Point[indices.length];
    for (int k = 0; k < indices.length; k++) {
      out[k] = all.get(indices[k]);
    }
    return List.of(out);
  }

  private static int[] range(int from, int to) {
    return java.util.stream.IntStream.range(from, to).toArray();
  }

  private static List<Point> plane(FivePoints p) {
    return List.of(p.leftEye(), p.rightEye(), p.leftMouth(), p.rightMouth());
  }
}
