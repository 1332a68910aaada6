package org.likeness.liveness.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.likeness.detect.FivePoints;
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

  private static Point m(Point p) {
    return new Point(480 - p.x(), p.y());
  }
}
