package org.likeness.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.error.BadInputException;
import org.likeness.pipeline.PipelineOptions;

/** A model's calibration is found for the flip state its faces are embedded with, and only for that one. */
class CalibrationsTest {
  private static final ModelSpec SPEC = ModelCatalog.MOBILEFACENET_192;

  private static Calibration made(boolean flip, double bestDistance) {
    return new Calibration(SPEC.name(), SPEC.sha256(), "cosine", flip, "test pairs", "2026-12-05T00:00:00Z",
        bestDistance, List.of(new Calibration.Point(1e-2, 0.65, 0.99), new Calibration.Point(1e-3, 0.55, 0.98)), 0.98);
  }

  @Test
  void everyShippedEmbedderCalibrationExistsForBothFlipStatesAndSaysWhichItIs() {
    Calibrations shipped = new Calibrations(ModelStore.at(Path.of("no-such-models-dir")));
    int found = 0;
    for (ModelSpec s : ModelCatalog.embedders()) {
      if (shipped.find(s, true).isEmpty()) {
        continue;
      }
      found++;
      assertTrue(shipped.find(s, true).get().flip(), s.name() + " flip-on calibration");
      Calibration off = shipped.find(s, false)
          .orElseThrow(() -> new AssertionError(s.name() + " has a flip-on calibration but none with flip off"));
      assertFalse(off.flip(), s.name() + " flip-off calibration");
      assertEquals(s.sha256(), off.modelSha256(), s.name());
    }
    assertEquals(5, found, "shipped embedder calibrations");
  }

  @Test
  void aUserCalibrationIsSavedAndFoundUnderItsOwnFlipState(@TempDir Path dir) throws IOException {
    Calibrations calibrations = new Calibrations(ModelStore.at(dir));
    calibrations.save(made(false, 0.61), SPEC);

    assertTrue(Files.isRegularFile(dir.resolve("calibration/mobilefacenet-192.no-flip.json")));
    assertEquals(0.61, calibrations.find(SPEC, false).orElseThrow().bestAccuracyDistance());
    // Flip on still finds the shipped calibration, not the user's flip-off one.
    Calibration on = calibrations.find(SPEC, true).orElseThrow();
    assertTrue(on.flip());
    assertTrue(on.bestAccuracyDistance() != 0.61);
    assertEquals(0.61, calibrations.threshold(SPEC, PipelineOptions.defaults().withFlip(false), Optional.empty(), Optional.empty())
        .maxDistance());
  }

  @Test
  void aModelWithoutUnitVectorsIsNeverFlippedSoItsFlipOffCalibrationApplies(@TempDir Path dir) throws IOException {
    ModelSpec pixels = ModelCatalog.PIXELS;
    Calibrations calibrations = new Calibrations(ModelStore.at(dir));
    calibrations.save(new Calibration(pixels.name(), pixels.sha256(), pixels.metric().name().toLowerCase(java.util.Locale.ROOT),
        false, "test pairs", "2026-12-05T00:00:00Z", 40.0, List.of(new Calibration.Point(1e-2, 30.0, 0.5)), null), pixels);

    Thresholds t = calibrations.thresholds(pixels, PipelineOptions.defaults(), Optional.empty(), Optional.empty());
    assertTrue(PipelineOptions.defaults().flip());
    assertFalse(t.calibration().orElseThrow().flip());
    assertEquals(40.0, t.verify().maxDistance());
  }

  @Test
  void aCalibrationFileOfTheOtherFlipStateIsRefusedNamingWhereItBelongs(@TempDir Path dir) throws IOException {
    // Before flip-off calibrations had their own file, `likeness calibrate --no-flip` wrote NAME.json.
    Path old = dir.resolve("calibration/mobilefacenet-192.json");
    Files.createDirectories(old.getParent());
    Files.writeString(old, Calibrations.toJson(made(false, 0.61)));

    BadInputException e = assertThrows(BadInputException.class, () -> new Calibrations(ModelStore.at(dir)).find(SPEC, true));
    assertTrue(e.getMessage().contains(old.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("flip trick off but faces are embedded with it on"), e.getMessage());
    assertTrue(e.getMessage().contains("mobilefacenet-192.no-flip.json"), e.getMessage());

    // Nor is the shipped flip-off calibration used in its place without a word.
    BadInputException off = assertThrows(BadInputException.class, () -> new Calibrations(ModelStore.at(dir)).find(SPEC, false));
    assertTrue(off.getMessage().contains("move it to " + dir.resolve("calibration/mobilefacenet-192.no-flip.json")),
        off.getMessage());
  }
}
