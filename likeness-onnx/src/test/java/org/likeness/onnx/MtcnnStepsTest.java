package org.likeness.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.likeness.detect.Box;
import org.likeness.detect.FivePoints;
import org.likeness.image.RgbImage;
import org.likeness.onnx.MtcnnSteps.Candidate;
import org.likeness.onnx.MtcnnSteps.Overlap;

/** The MTCNN cascade's pure-Java steps, without a model. */
class MtcnnStepsTest {
  private static final float EPS = 1e-4f;

  @Test
  void pyramidStartsWhereMinFaceFillsTheWindowAndStopsAboveTwelvePixels() {
    List<Double> scales = MtcnnSteps.pyramidScales(250, 200, 20, 0.709);
    assertEquals(0.6, scales.get(0), 1e-12);
    for (int i = 1; i < scales.size(); i++) {
      assertEquals(scales.get(i - 1) * 0.709, scales.get(i), 1e-12);
    }
    double last = scales.get(scales.size() - 1);
    assertTrue(200 * last >= 12, "last level's shorter side " + 200 * last);
    assertTrue(200 * last * 0.709 < 12, "one more level would still fit: " + 200 * last * 0.709);
  }

  @Test
  void pyramidOfAnImageSmallerThanTheWindowAtFirstScaleIsEmpty() {
    assertTrue(MtcnnSteps.pyramidScales(19, 300, 20, 0.709).isEmpty());
  }

  @Test
  void pyramidRejectsFacesSmallerThanTheWindowNamingTheValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MtcnnSteps.pyramidScales(100, 100, 8, 0.709));
    assertTrue(e.getMessage().contains("8"), e.getMessage());
  }

  @Test
  void pnetGridMatchesTheNetworksOwnSizes() {
    // TFLite's P-Net: 12 -> 1, 250 -> 120, 107 -> 49 (odd 105 pools to 53), and 1280 -> 635 in the file.
    assertEquals(1, MtcnnSteps.pnetOutputSide(12));
    assertEquals(120, MtcnnSteps.pnetOutputSide(250));
    assertEquals(49, MtcnnSteps.pnetOutputSide(107));
    assertEquals(635, MtcnnSteps.pnetOutputSide(1280));
  }

  @Test
  void proposalMapsTransposedGridCellToItsWindowInImagePixels() {
    int gridW = 3;
    int gridH = 2;
    float[] prob = new float[gridW * gridH * 2];
    float[] reg = new float[gridW * gridH * 4];
    int cell = 2 * gridH + 1; // x = 2, y = 1, laid out [x][y]
    prob[cell * 2 + 1] = 0.9f;
    reg[cell * 4] = 0.1f;
    reg[cell * 4 + 3] = -0.2f;
    List<Candidate> found = MtcnnSteps.proposals(prob, reg, gridW, gridH, 0.5, 0.6f);
    assertEquals(1, found.size());
    Candidate c = found.get(0);
    // x: (2*2+1)/0.5 = 10, (2*2+12)/0.5 = 32; y: (2*1+1)/0.5 = 6, (2*1+12)/0.5 = 28
    assertEquals(new Box(10, 6, 32, 28), c.box());
    assertEquals(0.9f, c.score(), EPS);
    assertEquals(0.1f, c.dx1(), EPS);
    assertEquals(-0.2f, c.dy2(), EPS);
  }

  @Test
  void proposalsRejectMapsOfTheWrongSize() {
    assertThrows(
        IllegalArgumentException.class,
        () -> MtcnnSteps.proposals(new float[10], new float[20], 3, 2, 1, 0.5f));
  }

  @Test
  void regressionMovesEachEdgeByAFractionOfTheBoxSide() {
    Candidate c = new Candidate(new Box(10, 20, 110, 70), 0.9f, 0.1f, -0.2f, 0.05f, 0.4f);
    Box r = c.regressed();
    assertEquals(20, r.x1(), EPS); // 10 + 0.1 * 100
    assertEquals(10, r.y1(), EPS); // 20 - 0.2 * 50
    assertEquals(115, r.x2(), EPS); // 110 + 0.05 * 100
    assertEquals(90, r.y2(), EPS); // 70 + 0.4 * 50
  }

  @Test
  void squareKeepsTheCentreAndTakesTheLongerSide() {
    Box s = MtcnnSteps.square(new Box(10, 20, 110, 70));
    assertEquals(100, s.width(), EPS);
    assertEquals(100, s.height(), EPS);
    assertEquals(60, s.centerX(), EPS);
    assertEquals(45, s.centerY(), EPS);
  }

  @Test
  void unionSuppressionKeepsTheStrongestOfOverlappingBoxesAndDistantOnes() {
    Candidate strong = candidate(0, 0, 100, 100, 0.9f);
    Candidate shifted = candidate(10, 0, 110, 100, 0.8f); // IoU 90/110 = 0.82
    Candidate far = candidate(300, 300, 400, 400, 0.7f);
    List<Candidate> kept = MtcnnSteps.suppress(List.of(shifted, far, strong), 0.7f, Overlap.UNION);
    assertEquals(List.of(strong, far), kept);
  }

  @Test
  void minSuppressionDropsABoxNestedInAStrongerOneThatUnionKeeps() {
    Candidate face = candidate(0, 0, 100, 100, 0.95f);
    Candidate nested = candidate(20, 20, 60, 60, 0.9f); // IoU 0.16, but fully inside
    assertEquals(2, MtcnnSteps.suppress(List.of(face, nested), 0.7f, Overlap.UNION).size());
    assertEquals(List.of(face), MtcnnSteps.suppress(List.of(face, nested), 0.7f, Overlap.MIN));
  }

  @Test
  void landmarksAreFractionsOfTheBoxFiveXThenFiveY() {
    float[] v = {0, 0.3f, 0.7f, 0.5f, 0.35f, 0.65f, 0.4f, 0.4f, 0.6f, 0.8f, 0.8f};
    FivePoints p = MtcnnSteps.landmarks(new Box(100, 200, 200, 400), v, 1);
    assertEquals(130, p.leftEye().x(), EPS);
    assertEquals(280, p.leftEye().y(), EPS);
    assertEquals(170, p.rightEye().x(), EPS);
    assertEquals(150, p.nose().x(), EPS);
    assertEquals(320, p.nose().y(), EPS);
    assertEquals(165, p.rightMouth().x(), EPS);
    assertEquals(360, p.rightMouth().y(), EPS);
  }

  @Test
  void packTransposedPutsXBeforeYAndNormalizes() {
    // 2 wide, 1 high: pixel (0,0) red 255, pixel (1,0) blue 0.
    byte[] px = {(byte) 255, 0, 0, 0, 0, 0};
    float[] out = new float[6];
    MtcnnFaceDetector.packTransposed(new RgbImage(2, 1, px), out, 0);
    assertEquals((255 - 127.5f) / 128, out[0], EPS);
    assertEquals(-127.5f / 128, out[3], EPS); // [x=1][y=0] red
  }

  @Test
  void cutIsBlackOutsideTheImage() {
    byte[] px = new byte[2 * 2 * 3];
    java.util.Arrays.fill(px, (byte) 200);
    RgbImage cut = MtcnnFaceDetector.cut(new RgbImage(2, 2, px), -1, 1, 3, 2);
    assertEquals(0, cut.channel(0, 0, 0));
    assertEquals(200, cut.channel(1, 0, 0));
    assertEquals(200, cut.channel(2, 0, 1));
    assertEquals(0, cut.channel(1, 1, 0));
  }

  @Test
  void greyBorderSurroundsTheImage() {
    byte[] px = new byte[3];
    RgbImage framed = MtcnnFaceDetector.withGreyBorder(new RgbImage(1, 1, px), 2, 1);
    assertEquals(5, framed.width());
    assertEquals(3, framed.height());
    assertEquals(128, framed.channel(0, 0, 0));
    assertEquals(0, framed.channel(2, 1, 0));
  }

  private static Candidate candidate(float x1, float y1, float x2, float y2, float score) {
    return new Candidate(new Box(x1, y1, x2, y2), score, 0, 0, 0, 0);
  }
}
