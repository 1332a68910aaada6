package org.likeness.liveness.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.likeness.detect.FivePoints;
import org.likeness.detect.Landmarks;
import org.likeness.detect.Point;

/** Yaw proxy and nose parallax on projected synthetic heads and photos of them. */
class FaceGeometryTest {
  private static final long SEED = 77L;

  @Test
  void photoUnderRandomThreeDMotionHasNoParallax() {
    Random r = new Random(SEED);
    double[][] photo = SyntheticHead.flat();
    for (int trial = 0; trial < 200; trial++) {
      FivePoints a = SyntheticHead.project(photo, 40 * (r.nextDouble() - 0.5), 5 + 5 * r.nextDouble(), 400, 240, 180);
      FivePoints b = SyntheticHead.project(photo, 40 * (r.nextDouble() - 0.5), 5 + 5 * r.nextDouble(), 400,
          200 + 80 * r.nextDouble(), 160 + 40 * r.nextDouble());
      double p = FaceGeometry.noseParallax(a, b);
      assertTrue(p < 1e-4, "seed " + SEED + " trial " + trial + ": a flat face shows parallax " + p);
    }
  }

  @Test
  void realHeadTurningShowsParallaxGrowingWithTheTurn() {
    double small = FaceGeometry.noseParallax(SyntheticHead.head(0), SyntheticHead.head(10));
    double large = FaceGeometry.noseParallax(SyntheticHead.head(0), SyntheticHead.head(25));
    assertTrue(small > 0.05, "10 degrees: " + small);
    assertTrue(large > small + 0.05, "25 degrees: " + large + " against 10 degrees: " + small);
    assertTrue(FaceGeometry.noseParallax(SyntheticHead.head(-20), SyntheticHead.head(5)) > 0.1);
  }

  @Test
  void yawProxyFollowsTheTurnsSign() {
    assertEquals(0, FaceGeometry.yawProxy(SyntheticHead.head(0)), 1e-6);
    double previous = Double.NEGATIVE_INFINITY;
    for (int deg = -40; deg <= 40; deg += 5) {
      double y = FaceGeometry.yawProxy(SyntheticHead.head(deg));
      assertTrue(y > previous, deg + " degrees reads " + y + ", not above " + previous);
      assertEquals(Math.signum(deg), Math.signum(Math.round(y * 1e6)), "sign at " + deg + " degrees");
      previous = y;
    }
    // A turn to the person's own left (nose toward the image's right) reads positive: LEFT's sign.
    assertTrue(FaceGeometry.yawProxy(SyntheticHead.head(20)) * TurnDirection.LEFT.imageSign() > 0);
  }

  @Test
  void mirroringTheFrameFlipsTheYaw() {
    FivePoints turned = SyntheticHead.head(20);
    // A detector labels eyes by image position, so the mirrored image-left eye is the old right one.
    FivePoints mirrored = new FivePoints(m(turned.rightEye()), m(turned.leftEye()), m(turned.nose()),
        m(turned.rightMouth()), m(turned.leftMouth()));
    assertEquals(-FaceGeometry.yawProxy(turned), FaceGeometry.yawProxy(mirrored), 1e-5);
  }

  @Test
  void rollDoesNotReadAsYaw() {
    FivePoints frontal = SyntheticHead.head(0);
    double c = Math.cos(Math.toRadians(25));
    double s = Math.sin(Math.toRadians(25));
    Point[] p = frontal.asList().toArray(new Point[0]);
    Point[] q = new Point[5];
    for (int i = 0; i < 5; i++) {
      double x = p[i].x() - 240;
      double y = p[i].y() - 180;
      q[i] = new Point((float) (240 + c * x - s * y), (float) (180 + s * x + c * y));
    }
    assertEquals(0, FaceGeometry.yawProxy(new FivePoints(q[0], q[1], q[2], q[3], q[4])), 1e-5);
  }

  @Test
  void sixtyEightPointPlaneUnderRandomHomographiesHasNoParallax() {
    Random r = new Random(SEED);
    Landmarks photo = SyntheticHead.project68(SyntheticHead.flattened(SyntheticHead.IBUG68), 0, 8, 400, 240, 180);
    for (int trial = 0; trial < 200; trial++) {
      double[] h = {
        1 + 0.3 * (r.nextDouble() - 0.5), 0.3 * (r.nextDouble() - 0.5), 60 * (r.nextDouble() - 0.5),
        0.3 * (r.nextDouble() - 0.5), 1 + 0.3 * (r.nextDouble() - 0.5), 60 * (r.nextDouble() - 0.5),
        8e-4 * (r.nextDouble() - 0.5), 8e-4 * (r.nextDouble() - 0.5), 1};
      Landmarks moved = transformed(photo, h);
      double p = FaceGeometry.noseParallax(photo, moved);
      assertTrue(p < 1e-4, "seed " + SEED + " trial " + trial + ": a flat face shows parallax " + p);
    }
  }

  @Test
  void sixtyEightPointHeadTurningShowsParallaxGrowingWithTheTurn() {
    double small = FaceGeometry.noseParallax(SyntheticHead.head68(0), SyntheticHead.head68(10));
    double large = FaceGeometry.noseParallax(SyntheticHead.head68(0), SyntheticHead.head68(25));
    assertTrue(small > 0.04, "10 degrees: " + small);
    assertTrue(large > small + 0.05, "25 degrees: " + large + " against 10 degrees: " + small);
    assertTrue(FaceGeometry.noseParallax(SyntheticHead.head68(-20), SyntheticHead.head68(5)) > 0.1);
  }

  @Test
  void sixtyEightPointsAverageLandmarkNoiseOnAPhoto() {
    Random r = new Random(SEED);
    Landmarks photo = SyntheticHead.project68(SyntheticHead.flattened(SyntheticHead.IBUG68), 0, 8, 400, 240, 180);
    double five = 0;
    double many = 0;
    for (int trial = 0; trial < 300; trial++) {
      Landmarks a = noisy(photo, r, 1.0);
      Landmarks b = noisy(photo, r, 1.0);
      five += FaceGeometry.noseParallax(a.five(), b.five());
      many += FaceGeometry.noseParallax(a, b);
    }
    assertTrue(many < 0.6 * five,
        "seed " + SEED + ": 68-point parallax on noisy photos " + many / 300 + " against five-point " + five / 300);
  }

  @Test
  void fiveLandmarksOnEitherSideMeasureTheNoseTip() {
    Landmarks frontal = SyntheticHead.head68(0);
    Landmarks turned = Landmarks.ofFive(SyntheticHead.head68(20).five());
    assertEquals(FaceGeometry.noseParallax(frontal.five(), turned.five()), FaceGeometry.noseParallax(frontal, turned),
        1e-12);
  }

  private static Landmarks transformed(Landmarks l, double[] h) {
    float[] xs = new float[68];
    float[] ys = new float[68];
    List<Point> all = l.ibug68();
    for (int i = 0; i < 68; i++) {
      double x = all.get(i).x();
      double y = all.get(i).y();
      double w = h[6] * x + h[7] * y + h[8];
      xs[i] = (float) ((h[0] * x + h[1] * y + h[2]) / w);
      ys[i] = (float) ((h[3] * x + h[4] * y + h[5]) / w);
    }
    return Landmarks.fromIbug68(xs, ys);
  }

  private static Landmarks noisy(Landmarks l, Random r, double sigma) {
    float[] xs = new float[68];
    float[] ys = new float[68];
    for (int i = 0; i < 68; i++) {
      xs[i] = (float) (l.ibug68().get(i).x() + sigma * r.nextGaussian());
      ys[i] = (float) (l.ibug68().get(i).y() + sigma * r.nextGaussian());
    }
    return Landmarks.fromIbug68(xs, ys);
  }

  private static Point m(Point p) {
    return new Point(480 - p.x(), p.y());
  }
}
