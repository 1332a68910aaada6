package org.likeness.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.error.ModelMissingException;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;

/** How {@link Models#livenessScorer} fails before any weights are involved. */
class LivenessScorerFactoryTest {
  @TempDir Path empty;

  @Test
  void missingDtnModelNamesItsFileAndTheFetchCommand() {
    Models models = new Models(ModelStore.at(empty), OrtSettings.defaults());
    ModelMissingException e =
        assertThrows(ModelMissingException.class, () -> models.livenessScorer(ModelCatalog.DTN_ANTISPOOF));
    assertTrue(
        e.getMessage().contains("dtn-antispoof") && e.getMessage().contains("dtn-antispoof.onnx")
            && e.getMessage().contains("models fetch"),
        e.getMessage());
  }

  @Test
  void anEmbedderIsNotALivenessModel() {
    Models models = new Models(ModelStore.at(empty), OrtSettings.defaults());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> models.livenessScorer(ModelCatalog.MOBILEFACENET_192));
    assertTrue(e.getMessage().contains("mobilefacenet-192") && e.getMessage().contains("EMBEDDER"), e.getMessage());
  }
}
