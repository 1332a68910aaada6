package org.likeness.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.likeness.error.BadInputException;

class ThresholdsTest {
  private static final ModelSpec SPEC = ModelCatalog.MOBILEFACENET_192;
  private static final Calibration CAL = new Calibration(SPEC.name(), SPEC.sha256(), "cosine", true, "test pairs",
      "2026-01-01T00:00:00Z", 0.55, List.of(
          new Calibration.Point(1e-2, 0.65, 0.99),
          new Calibration.Point(1e-3, 0.55, 0.98),
          new Calibration.Point(1e-4, 0.47, 0.96),
          new Calibration.Point(2e-5, 0.43, 0.94)), 0.98);

  private static Thresholds defaults() {
    return new Thresholds(SPEC, Optional.empty(), Optional.empty(), Optional.of(CAL));
  }

  @Test
  void verifyUsesTheBestAccuracyThresholdByDefault() {
    DecisionThreshold t = defaults().verify();
    assertEquals(SPEC.maxDistance(), t.maxDistance());
    assertTrue(t.far().isEmpty());
  }

  @Test
  void verifyWithFlipOffUsesThatCalibrationsBestAccuracyThreshold() {
    Calibration off = new Calibration(SPEC.name(), SPEC.sha256(), "cosine", false, "test pairs",
        "2026-01-01T00:00:00Z", 0.585, CAL.points(), 0.98);
    DecisionThreshold t = new Thresholds(SPEC, Optional.empty(), Optional.empty(), Optional.of(off)).verify();
    assertEquals(0.585, t.maxDistance());
    assertTrue(t.source().endsWith("flip off"), t.source());
    // A rate the user chose still comes from that calibration's points.
    assertEquals(0.55, new Thresholds(SPEC, Optional.empty(), Optional.of(1e-3), Optional.of(off)).verify().maxDistance());
  }

  @Test
  void identifyTightensAsTheGalleryGrows() {
    // One person: 1% of strangers means a pair rate of 1e-2.
    assertEquals(0.65, defaults().identify(1).maxDistance());
    // Ten people: 1e-3 per pair.
    assertEquals(0.55, defaults().identify(10).maxDistance());
    // 305 people need 3.28e-5 per pair: between the points for 2e-5 (0.43) and 1e-4 (0.47), at
    // log(3.28e-5 / 2e-5) / log(5) = 0.307 of the way.
    DecisionThreshold t = defaults().identify(305);
    double share = Math.log(0.01 / 305 / 2e-5) / Math.log(1e-4 / 2e-5);
    assertEquals(0.43 + share * 0.04, t.maxDistance(), 1e-9);
    assertEquals(0.01 / 305, t.far().orElseThrow(), 1e-12);
    assertTrue(t.source().contains("open set"), t.source());
  }

  @Test
  void aGalleryBeyondTheCalibrationSaysSo() {
    DecisionThreshold t = defaults().identify(1_000_000);
    assertEquals(0.43, t.maxDistance(), "the strictest point there is");
    assertTrue(t.source().contains("calibrate on more pairs"), t.source());
  }

  @Test
  void explicitChoicesWinForBothQuestions() {
    Thresholds far = new Thresholds(SPEC, Optional.empty(), Optional.of(1e-3), Optional.of(CAL));
    assertEquals(0.55, far.verify().maxDistance());
    assertEquals(0.55, far.identify(10_000).maxDistance());
    Thresholds explicit = new Thresholds(SPEC, Optional.of(0.3), Optional.of(1e-3), Optional.of(CAL));
    assertEquals(0.3, explicit.identify(5).maxDistance());
  }

  @Test
  void anUncalibratedRateIsRefusedAtOnce() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> new Thresholds(SPEC, Optional.empty(), Optional.of(5e-3), Optional.of(CAL)));
    assertTrue(e.getMessage().contains("0.005") || e.getMessage().contains("5e-3") || e.getMessage().contains("0.00500000"),
        e.getMessage());
    assertThrows(BadInputException.class, () -> new Thresholds(SPEC, Optional.empty(), Optional.of(1e-3), Optional.empty()));
  }

  @Test
  void identifyCountsEveryTemplateAStrangerIsComparedWith() {
    // Ten people with ten templates each: 100 comparisons, so 1e-4 per pair, not 1e-3.
    DecisionThreshold t = defaults().identify(new GalleryStatistics(10, 100, Optional.empty()));
    assertEquals(0.47, t.maxDistance());
    assertEquals(1e-4, t.far().orElseThrow());
    assertTrue(t.source().contains("100 templates (10 people)"), t.source());
  }

  @Test
  void identifyFollowsAGalleryWhosePeopleAreMoreAlikeThanTheCalibrations() {
    // LFW strangers sit 0.98 apart on average, 0.43 beyond the best-accuracy threshold (0.55); this
    // gallery's people only 0.90 apart: 0.08 closer, of which the tolerance forgives 0.07 x 0.43.
    double shift = 0.08 - Thresholds.GALLERY_SHIFT_TOLERANCE * 0.43;
    DecisionThreshold t = defaults().identify(new GalleryStatistics(10, 10, Optional.of(0.90)));
    assertEquals(0.55 - shift, t.maxDistance(), 1e-9);
    assertTrue(t.source().contains("0.080 closer"), t.source());
    DecisionThreshold v = defaults().verify(new GalleryStatistics(10, 10, Optional.of(0.90)));
    assertEquals(SPEC.maxDistance() - shift, v.maxDistance(), 1e-9);
  }

  @Test
  void aGalleryWithinTheToleranceOrMoreDiverseKeepsTheCalibratedThreshold() {
    assertEquals(0.55, defaults().identify(new GalleryStatistics(10, 10, Optional.of(0.951))).maxDistance());
    assertEquals(0.55, defaults().identify(new GalleryStatistics(10, 10, Optional.of(1.05))).maxDistance());
    // Without the calibration's reference, nothing to compare with.
    Calibration old = new Calibration(CAL.model(), CAL.modelSha256(), CAL.metric(), true, CAL.source(), CAL.created(),
        CAL.bestAccuracyDistance(), CAL.points(), null);
    Thresholds withoutReference = new Thresholds(SPEC, Optional.empty(), Optional.empty(), Optional.of(old));
    assertEquals(0.55, withoutReference.identify(new GalleryStatistics(10, 10, Optional.of(0.5))).maxDistance());
  }

  @Test
  void anExplicitDistanceIsNeverMoved() {
    Thresholds explicit = new Thresholds(SPEC, Optional.of(0.3), Optional.empty(), Optional.of(CAL));
    assertEquals(0.3, explicit.verify(new GalleryStatistics(10, 10, Optional.of(0.5))).maxDistance());
    assertEquals(0.3, explicit.identify(new GalleryStatistics(10, 10, Optional.of(0.5))).maxDistance());
  }

  @Test
  void galleryStatisticsRefuseImpossibleCounts() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new GalleryStatistics(5, 3, Optional.empty()));
    assertTrue(e.getMessage().contains("5 people and 3 templates"), e.getMessage());
  }
}
