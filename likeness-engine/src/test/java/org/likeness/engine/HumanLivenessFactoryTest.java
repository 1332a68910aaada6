package org.likeness.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.error.ModelMissingException;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;

/** The liveness factories fail with the fetch command when the converted model is absent. */
class HumanLivenessFactoryTest {
  @TempDir Path empty;

  @Test
  void missingLivenessModelNamesTheFetchCommand() {
    Models models = new Models(ModelStore.at(empty), OrtSettings.defaults());

    ModelMissingException e = assertThrows(ModelMissingException.class, models::humanLiveness);

    assertTrue(e.getMessage().contains("human-liveness"), e.getMessage());
    assertTrue(e.getMessage().contains("models fetch"), e.getMessage());
  }

  @Test
  void missingAntispoofModelNamesTheFetchCommand() {
    Models models = new Models(ModelStore.at(empty), OrtSettings.defaults());

    ModelMissingException e = assertThrows(ModelMissingException.class, models::humanAntispoof);

    assertTrue(e.getMessage().contains("human-antispoof"), e.getMessage());
  }
}
