package org.likeness.liveness.challenge;

import java.util.List;
import org.likeness.detect.FivePoints;
import org.likeness.detect.Point;

/** What the challenge measures on five landmarks: head turn and out-of-plane parallax. */
final class FaceGeometry {
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

  private static List<Point> plane(FivePoints p) {
    return List.of(p.leftEye(), p.rightEye(), p.leftMouth(), p.rightMouth());
  }
}
