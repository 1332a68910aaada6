package org.likeness.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.likeness.detect.Point;

class SimilarityTransformTest {
  @Test
  void recoversAKnownRotationScaleAndShiftFromNoisyPoints() {
    long seed = 42;
    Random rnd = new Random(seed);
    double angle = Math.toRadians(17);
    double scale = 1.7;
    double p = scale * Math.cos(angle);
    double q = scale * Math.sin(angle);
    Affine truth = new Affine(p, -q, 12.5, q, p, -3.25);
    List<Point> from = new ArrayList<>();
    List<Point> to = new ArrayList<>();
    for (Point s : AlignmentTemplate.ARCFACE_112.points().asList()) {
      from.add(s);
      Point t = truth.apply(s);
      to.add(new Point(t.x() + (float) (rnd.nextGaussian() * 1e-3), t.y() + (float) (rnd.nextGaussian() * 1e-3)));
    }
    Affine fit = SimilarityTransform.estimate(from, to);
    assertEquals(truth.a(), fit.a(), 1e-4, "seed " + seed);
    assertEquals(truth.c(), fit.c(), 1e-4, "seed " + seed);
    assertEquals(truth.tx(), fit.tx(), 1e-2, "seed " + seed);
    assertEquals(truth.ty(), fit.ty(), 1e-2, "seed " + seed);
  }

  @Test
  void inverseUndoesTheMap() {
    Affine m = new Affine(0.8, -0.3, 5, 0.3, 0.8, -7);
    Point back = m.inverse().apply(m.apply(new Point(10, 20)));
    assertEquals(10, back.x(), 1e-4);
    assertEquals(20, back.y(), 1e-4);
  }

  @Test
  void refusesCoincidentSourcePoints() {
    Point a = new Point(1, 1);
    assertThrows(IllegalArgumentException.class, () -> SimilarityTransform.estimate(List.of(a, a), List.of(a, new Point(2, 2))));
  }

  @Test
  void dlibTemplateDerivedFromTheMeanFaceIsSymmetricAndPadded() {
    AlignmentTemplate t = AlignmentTemplate.DLIB_150;
    // Eyes mirror each other about the mean face's midline, x = 0.490127 in dlib's unit square.
    double mid = (0.25 + 0.490127) / 1.5 * 150;
    assertEquals(mid - t.points().leftEye().x(), t.points().rightEye().x() - mid, 0.01);
    assertEquals(t.points().leftEye().y(), t.points().rightEye().y(), 1e-3);
    // 25% padding: mean-face x 0.2255 maps to (0.25 + 0.2255) / 1.5 * 150 = 47.55.
    assertEquals(47.55, t.points().leftEye().x(), 0.05);
  }

  @Test
  void alignmentPutsLandmarksOnTheTemplate() {
    AlignmentTemplate t = AlignmentTemplate.ARCFACE_112;
    Affine imageToChip = new Affine(0.5, 0, -10, 0, 0.5, -4);
    // Landmarks in a 300x300 "photo" that map exactly onto the template.
    Affine chipToImage = imageToChip.inverse();
    List<Point> inImage = t.points().asList().stream().map(chipToImage::apply).toList();
    Affine fit = SimilarityTransform.estimate(inImage, t.points().asList());
    assertEquals(0.5, fit.a(), 1e-5);
    assertEquals(-10, fit.tx(), 1e-3);
  }
}
