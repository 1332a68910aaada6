package org.likeness.eval.door;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.engine.Likeness;
import org.likeness.eval.LfwPairs;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;

/**
 * A subset of the door benchmark, run in CI with the default model on DevTest people (never used to
 * choose anything): tight crops and 40 px faces are found and verified nearly as well as clean
 * photos, the shipped open-set decision keeps strangers out and lets staff in, and a 24 px face is
 * refused for its size rather than guessed on. The bounds are the targets widened for the
 * subset's size (a gallery of 20, about 140 probes per variant).
 */
@Tag("model")
class DoorBenchmarkTest {
  static DoorBenchmark.Report report;

  @BeforeAll
  static void run(@TempDir Path cacheDir) {
    ModelSpec spec = ModelCatalog.DEFAULT_EMBEDDER;
    ModelStore store = ModelStore.locate(Optional.empty());
    DoorBenchmark.Options o = new DoorBenchmark.Options(DoorSplit.DEV_TEST,
        List.of(DoorVariant.CLEAN, DoorVariant.TIGHT, DoorVariant.FACE_40, DoorVariant.FACE_24),
        List.of(new DoorBenchmark.GalleryTrials(20, 2)), 150, LfwPairs.defaultRoot(), 2, Optional.empty());
    try (DoorFaces cache = new DoorFaces(cacheDir, "test", spec.id(), spec.dimensions())) {
      report = DoorBenchmark.run(spec.name(), spec,
          () -> Likeness.open(spec, store, PipelineOptions.defaults(), OrtSettings.defaults()),
          DoorPolicies::forModel, cache, o, (d, t) -> {});
    }
    StringWriter table = new StringWriter();
    DoorTables.verification(new PrintWriter(table, true), List.of(report));
    DoorTables.openSet(new PrintWriter(table, true), List.of(report));
    System.out.println(table);
  }

  static DoorBenchmark.VerifyRow verify(DoorVariant v, String policy) {
    return report.verification().stream().filter(r -> r.variant() == v && !r.mixed() && r.policy().equals(policy))
        .findFirst().orElseThrow();
  }

  static DoorBenchmark.OpenSetRow openSet(DoorVariant v, String policy) {
    return report.openSet().stream().filter(r -> r.variant() == v && r.policy().equals(policy)).findFirst()
        .orElseThrow();
  }

  @Test
  void tightCropsAndFortyPixelFacesAreAllFound() {
    assertEquals(0, verify(DoorVariant.TIGHT, "shipped").noFace());
    assertEquals(0, verify(DoorVariant.FACE_40, "shipped").noFace());
    assertEquals(0, openSet(DoorVariant.TIGHT, "shipped").noFace());
    assertEquals(0, openSet(DoorVariant.FACE_40, "shipped").noFace());
  }

  @Test
  void tightCropsAndFortyPixelFacesVerifyNearlyAsWellAsCleanPhotos() {
    double clean = verify(DoorVariant.CLEAN, "shipped").accuracy();
    for (DoorVariant v : List.of(DoorVariant.TIGHT, DoorVariant.FACE_40)) {
      double a = verify(v, "shipped").accuracy();
      assertTrue(a >= clean - 0.025, v.label() + " verification " + a + " against clean " + clean);
    }
  }

  @Test
  void theShippedDecisionKeepsStrangersOutAndLetsStaffIn() {
    for (DoorVariant v : List.of(DoorVariant.CLEAN, DoorVariant.TIGHT, DoorVariant.FACE_40)) {
      DoorBenchmark.OpenSetRow r = openSet(v, "shipped");
      assertTrue(r.strangersRefused() >= 0.96, v.label() + ": strangers turned away " + r.strangersRefused());
      assertTrue(r.staffAccepted() >= 0.90, v.label() + ": staff accepted " + r.staffAccepted());
      assertEquals(0.0, r.wrongAccepted(), v.label() + ": staff let in as somebody else");
      assertTrue(r.strangersRefused() >= openSet(v, "before").strangersRefused(),
          v.label() + ": the shipped decision lets in more strangers than before");
    }
  }

  @Test
  void aTwentyFourPixelFaceIsRefusedForItsSizeNotGuessedOn() {
    DoorBenchmark.OpenSetRow r = openSet(DoorVariant.FACE_24, "shipped");
    assertEquals(1.0, r.strangersRefused());
    // The width is measured from the landmarks, so about 1% of nominal 24 px faces measure over the
    // 30 px floor (see docs/quality.md); those are decided on like any other.
    int faces = r.staffProbes() + r.strangerProbes() - r.noFace();
    assertTrue(r.lowQuality() >= 0.95 * faces, r.lowQuality() + " of " + faces + " faces refused for quality");
    assertTrue(verify(DoorVariant.FACE_24, "shipped").lowQuality() >= 0.95 * verify(DoorVariant.FACE_24, "shipped").pairs());
  }
}
