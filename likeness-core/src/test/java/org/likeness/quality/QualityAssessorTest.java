package org.likeness.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.likeness.align.AlignedFace;
import org.likeness.align.AlignmentTemplate;
import org.likeness.detect.Box;
import org.likeness.detect.DetectedFace;
import org.likeness.detect.FivePoints;
import org.likeness.detect.Landmarks;
import org.likeness.detect.Point;
import org.likeness.image.RgbImage;

/** The measures of {@link QualityAssessor} on landmarks and chips whose answers are known. */
class QualityAssessorTest {
  private static final AlignmentTemplate T = AlignmentTemplate.ARCFACE_112;

  /** The template's points scaled by {@code s}, rotated by {@code degrees} and moved to (x, y). */
  private static FivePoints placed(double s, double degrees, double x, double y) {
    double c = Math.cos(Math.toRadians(degrees));
    double n = Math.sin(Math.toRadians(degrees));
    Point[] in = T.points().asList().toArray(new Point[0]);
    Point[] out = new Point[5];
    for (int i = 0; i < 5; i++) {
      double px = in[i].x() * s;
      double py = in[i].y() * s;
      out[i] = new Point((float) (x + c * px - n * py), (float) (y + n * px + c * py));
    }
    return new FivePoints(out[0], out[1], out[2], out[3], out[4]);
  }

  @Test
  void frontalTemplateFaceHasNoYawPitchOrRoll() {
    double[] pose = QualityAssessor.pose(placed(1.7, 0, 30, 20));
    assertEquals(0, pose[0], 0.5);
    assertEquals(0, pose[1], 0.5);
    assertEquals(0, pose[2], 0.5, "arcface_dst's eye line is level to a third of a degree");
  }

  @Test
  void rollFollowsTheEyeLineAndLeavesYawAndPitchAlone() {
    double[] level = QualityAssessor.pose(placed(2, 0, 100, 0));
    double[] pose = QualityAssessor.pose(placed(2, 20, 100, 0));
    assertEquals(20, pose[2] - level[2], 0.01);
    assertEquals(level[0], pose[0], 0.01);
    assertEquals(level[1], pose[1], 0.01);
  }

  @Test
  void noseTowardsTheImageRightIsPositiveYawAndTowardsTheMouthIsPositivePitch() {
    FivePoints p = T.points();
    double em = QualityAssessor.eyeMouth(p);
    double depth = QualityAssessor.NOSE_DEPTH_PER_EYE_MOUTH * em;
    // Nose moved by depth * sin(30 deg) to the right: a 30 degree turn.
    FivePoints turned = new FivePoints(p.leftEye(), p.rightEye(),
        new Point((float) (p.nose().x() + depth * 0.5), p.nose().y()), p.leftMouth(), p.rightMouth());
    assertEquals(30, QualityAssessor.pose(turned)[0], 0.5);
    FivePoints down = new FivePoints(p.leftEye(), p.rightEye(),
        new Point(p.nose().x(), (float) (p.nose().y() + depth * Math.tan(Math.toRadians(20)))), p.leftMouth(),
        p.rightMouth());
    assertEquals(20, QualityAssessor.pose(down)[1], 0.5);
  }

  @Test
  void faceWidthScalesWithTheFaceAndIgnoresRotation() {
    double iod = QualityAssessor.eyeDistance(T.points());
    assertEquals(QualityAssessor.FACE_WIDTH_PER_EYE_DISTANCE * iod * 1.5, QualityAssessor.faceWidth(placed(1.5, 0, 0, 0)), 0.01);
    assertEquals(QualityAssessor.faceWidth(placed(0.5, 0, 0, 0)), QualityAssessor.faceWidth(placed(0.5, 35, 40, 7)), 0.01);
  }

  @Test
  void turnedFaceKeepsItsWidthThroughTheEyeToMouthDistance() {
    FivePoints p = placed(2, 0, 0, 0);
    // A turned head: eyes and mouth corners squeezed together horizontally, heights unchanged.
    double cx = p.nose().x();
    FivePoints squeezed = new FivePoints(sq(p.leftEye(), cx), sq(p.rightEye(), cx), p.nose(), sq(p.leftMouth(), cx),
        sq(p.rightMouth(), cx));
    assertEquals(QualityAssessor.faceWidth(p), QualityAssessor.faceWidth(squeezed), 0.01 * QualityAssessor.faceWidth(p));
  }

  private static Point sq(Point p, double cx) {
    return new Point((float) (cx + (p.x() - cx) * 0.6), p.y());
  }

  @Test
  void exposureAndContrastAreTheLumaMeanAndSpreadOfTheFace() {
    FaceQuality flat = assess(chip(T.size(), (x, y) -> 100));
    assertEquals(100, flat.exposure(), 0.5);
    assertEquals(0, flat.contrast(), 1e-6);
    FaceQuality stripes = assess(chip(T.size(), (x, y) -> x % 2 == 0 ? 50 : 150));
    assertEquals(100, stripes.exposure(), 2);
    assertEquals(50, stripes.contrast(), 2);
  }

  @Test
  void blurLowersSharpnessButDimmingDoesNot() {
    Random r = new Random(42);
    int[] noise = new int[T.size() * T.size()];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = 60 + r.nextInt(120);
    }
    Pixel sharp = (x, y) -> noise[y * T.size() + x];
    Pixel soft = (x, y) -> {
      int s = 0;
      int n = 0;
      for (int dy = -3; dy <= 3; dy++) {
        for (int dx = -3; dx <= 3; dx++) {
          int xx = Math.max(0, Math.min(T.size() - 1, x + dx));
          int yy = Math.max(0, Math.min(T.size() - 1, y + dy));
          s += noise[yy * T.size() + xx];
          n++;
        }
      }
      return s / n;
    };
    double crisp = assess(chip(T.size(), sharp)).sharpness();
    double blurred = assess(chip(T.size(), soft)).sharpness();
    double dim = assess(chip(T.size(), (x, y) -> sharp.at(x, y) / 3)).sharpness();
    assertTrue(blurred < crisp / 3, "blurred " + blurred + " vs crisp " + crisp);
    assertEquals(crisp, dim, crisp * 0.05, "sharpness is relative to contrast");
  }

  @Test
  void sharpnessDoesNotDependOnTheChipSize() {
    // The same smooth pattern drawn on a 112 and a 150 pixel chip.
    AlignmentTemplate big = AlignmentTemplate.DLIB_150;
    Pixel small = (x, y) -> (int) (128 + 60 * Math.sin(x * 2 * Math.PI / 112 * 9) * Math.cos(y * 2 * Math.PI / 112 * 7));
    Pixel large = (x, y) -> (int) (128 + 60 * Math.sin(x * 2 * Math.PI / 150 * 9) * Math.cos(y * 2 * Math.PI / 150 * 7));
    double a = QualityAssessor.sharpness(QualityAssessor.resample(QualityAssessor.luma(chip(112, small)), 112, 64), 64,
        new int[] {0, 0, 64, 64});
    double b = QualityAssessor.sharpness(QualityAssessor.resample(QualityAssessor.luma(chip(150, large)), 150, 64), 64,
        new int[] {0, 0, 64, 64});
    assertEquals(a, b, a * 0.1, "112 px chip " + a + ", 150 px chip " + b);
    assertTrue(big.size() == 150);
  }

  interface Pixel {
    int at(int x, int y);
  }

  private static RgbImage chip(int size, Pixel p) {
    byte[] px = new byte[size * size * 3];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int v = Math.max(0, Math.min(255, p.at(x, y)));
        int o = (y * size + x) * 3;
        px[o] = px[o + 1] = px[o + 2] = (byte) v;
      }
    }
    return new RgbImage(size, size, px);
  }

  private static FaceQuality assess(RgbImage chip) {
    FivePoints p = placed(1, 0, 0, 0);
    DetectedFace face = new DetectedFace(new Box(0, 0, 112, 112), 0.99f, Landmarks.ofFive(p));
    return QualityAssessor.assess(face, new AlignedFace(chip, T));
  }
}
