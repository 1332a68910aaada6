package org.likeness.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.error.BadInputException;
import org.likeness.models.Calibration;
import org.likeness.models.Calibrations;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;

/**
 * A calibration made for other weights is refused when a threshold is needed, but it must not stop
 * the model from opening: {@code likeness calibrate}, the command that replaces it, opens the model.
 */
@Tag("model")
class StaleCalibrationTest {
  @Test
  void modelWithStaleCalibrationOpensAndEncodesButRefusesToDecide(@TempDir Path dir) throws IOException {
    ModelSpec spec = ModelCatalog.DEFAULT_EMBEDDER;
    ModelStore real = ModelStore.locate(Optional.empty());
    for (ModelSpec s : List.of(ModelCatalog.FR_DETECT, ModelCatalog.FR_DETECT_SMALL, ModelCatalog.FR_LANDMARK, spec)) {
      Path link = dir.resolve(real.dir().relativize(real.require(s)));
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, real.require(s));
    }
    ModelStore store = ModelStore.at(dir);
    String otherWeights = "0".repeat(64);
    new Calibrations(store).save(new Calibration(spec.name(), otherWeights, "cosine", true, "test", "2026-11-30T00:00:00Z",
        0.5, List.of(new Calibration.Point(1e-2, 0.5, 0.99)), null), spec);

    try (Likeness face = Likeness.open(spec, store, PipelineOptions.defaults(), OrtSettings.defaults())) {
      assertTrue(face.encode(face.load(SmallAndCroppedPhotosTest.lfw("Colin_Powell", 1))).hasFace(),
          "the model works without a valid calibration");
      BadInputException e = assertThrows(BadInputException.class, face::thresholds);
      assertTrue(e.getMessage().contains("recalibrate") && e.getMessage().contains("000000000000"), e.getMessage());
    }
  }
}
