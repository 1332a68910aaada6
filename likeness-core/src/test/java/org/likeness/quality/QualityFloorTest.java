package org.likeness.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each check of {@link QualityFloor} on its own, their order, and the one-line messages. */
class QualityFloorTest {
  private static final QualityFloor FLOOR = new QualityFloor(40, 0.2, 40, 215, 10, 45, 40, 0.8);

  /** A frontal, sharp, well lit 90 px face. */
  private static final FaceQuality GOOD = new FaceQuality(90, 0.6, 130, 35, 5, -3, 1, 0.99);

  private static FaceQuality with(double width, double sharp, double exposure, double contrast, double yaw,
      double pitch, double score) {
    return new FaceQuality(width, sharp, exposure, contrast, yaw, pitch, 0, score);
  }

  @Test
  void goodFacePassesEveryCheck() {
    assertTrue(FLOOR.check(GOOD).isEmpty());
    assertTrue(FLOOR.passes(GOOD));
  }

  @Test
  void eachCheckFailsOnItsOwnMeasure() {
    assertEquals(QualityIssue.FACE_TOO_SMALL, issue(with(31, 0.6, 130, 35, 5, -3, 0.99)));
    assertEquals(QualityIssue.TOO_BLURRY, issue(with(90, 0.1, 130, 35, 5, -3, 0.99)));
    assertEquals(QualityIssue.TOO_DARK, issue(with(90, 0.6, 20, 35, 5, -3, 0.99)));
    assertEquals(QualityIssue.TOO_BRIGHT, issue(with(90, 0.6, 240, 35, 5, -3, 0.99)));
    assertEquals(QualityIssue.LOW_CONTRAST, issue(with(90, 0.6, 130, 6, 5, -3, 0.99)));
    assertEquals(QualityIssue.TURNED_AWAY, issue(with(90, 0.6, 130, 35, -60, -3, 0.99)));
    assertEquals(QualityIssue.TURNED_AWAY, issue(with(90, 0.6, 130, 35, 5, 50, 0.99)));
    assertEquals(QualityIssue.WEAK_DETECTION, issue(with(90, 0.6, 130, 35, 5, -3, 0.75)));
  }

  @Test
  void boundsThemselvesPass() {
    assertTrue(FLOOR.passes(with(40, 0.2, 40, 10, 45, -40, 0.8)));
    assertTrue(FLOOR.passes(with(40, 0.2, 215, 10, -45, 40, 0.8)));
  }

  @Test
  void smallFaceIsReportedBeforeTheBlurAndDarknessItAlsoCauses() {
    FaceQuality q = with(24, 0.1, 20, 5, 5, -3, 0.75);
    assertEquals(QualityIssue.FACE_TOO_SMALL, issue(q));
    assertEquals(List.of(QualityIssue.FACE_TOO_SMALL, QualityIssue.TOO_DARK, QualityIssue.TOO_BLURRY,
        QualityIssue.LOW_CONTRAST, QualityIssue.WEAK_DETECTION),
        FLOOR.failures(q).stream().map(QualityVerdict::issue).toList());
  }

  @Test
  void turnedAwayReportsTheAxisFurtherPastItsBound() {
    QualityVerdict yaw = FLOOR.check(with(90, 0.6, 130, 35, -70, 42, 0.99)).orElseThrow();
    assertEquals(70, yaw.measured());
    assertEquals(45, yaw.needed());
    QualityVerdict pitch = FLOOR.check(with(90, 0.6, 130, 35, 47, -60, 0.99)).orElseThrow();
    assertEquals(60, pitch.measured());
    assertEquals(40, pitch.needed());
  }

  @Test
  void messagesNameTheMeasuredValueAndTheBound() {
    assertEquals("face too small (31 px, need 40)", FLOOR.check(with(31.3, 0.6, 130, 35, 5, -3, 0.99)).orElseThrow().message());
    assertEquals("face too dark (mean luma 22, need 40)", new QualityVerdict(QualityIssue.TOO_DARK, 22.4, 40).message());
    assertEquals("face too bright (mean luma 241, need at most 215)",
        new QualityVerdict(QualityIssue.TOO_BRIGHT, 241.2, 215).message());
    assertEquals("face turned away (61\u00b0, need at most 45\u00b0)",
        new QualityVerdict(QualityIssue.TURNED_AWAY, 61, 45).message());
    assertEquals("face too blurry (sharpness 0.09, need 0.20)",
        new QualityVerdict(QualityIssue.TOO_BLURRY, 0.094, 0.2).message());
    assertEquals("face too flat (luma std 6.5, need 10)", new QualityVerdict(QualityIssue.LOW_CONTRAST, 6.5, 10).message());
    assertEquals("face barely detected (score 0.75, need 0.80)",
        new QualityVerdict(QualityIssue.WEAK_DETECTION, 0.75, 0.8).message());
  }

  @Test
  void measuredValueJustUnderTheBoundDoesNotReadAsTheBound() {
    assertEquals("face too small (39.6 px, need 40)", new QualityVerdict(QualityIssue.FACE_TOO_SMALL, 39.6, 40).message());
  }

  @Test
  void everyIssueCarriesAdviceForThePersonAtTheCamera() {
    assertEquals("come closer", QualityIssue.FACE_TOO_SMALL.advice());
    assertEquals("hold still", QualityIssue.TOO_BLURRY.advice());
    assertEquals("more light", QualityIssue.TOO_DARK.advice());
    assertEquals("less light", QualityIssue.TOO_BRIGHT.advice());
    assertEquals("look at the camera", QualityIssue.TURNED_AWAY.advice());
    for (QualityIssue i : QualityIssue.values()) {
      assertTrue(!i.advice().isBlank() && i.message(1, 2).contains("need"), i.name());
    }
  }

  @Test
  void floorRefusesAnEmptyExposureRangeAndNamesIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new QualityFloor(40, 0.2, 200, 100, 10, 45, 40, 0.8));
    assertTrue(e.getMessage().contains("200") && e.getMessage().contains("100"), e.getMessage());
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> new FaceQuality(Double.NaN, 0.5, 100, 30, 0, 0, 0, 1));
    assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
  }

  private static QualityIssue issue(FaceQuality q) {
    return FLOOR.check(q).orElseThrow(() -> new AssertionError("expected a failure for " + q)).issue();
  }
}
