package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.likeness.models.Calibrations;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
import org.likeness.pipeline.PipelineOptions;

/**
 * {@code --no-flip} decides with the model's flip-off calibration: its own best-accuracy threshold
 * and its own points for {@code --far}, not the flip-on ones.
 */
@Tag("model")
class FlipOptionCliTest {
  private static final Calibrations SHIPPED = new Calibrations(ModelStore.at(Path.of("no-such-models-dir")));
  private static final PipelineOptions FLIP_OFF = PipelineOptions.defaults().withFlip(false);

  private static Path lfw(String person, int n) {
    Path lfw = CliRun.lfwImage().getParent().getParent();
    return lfw.resolve(person).resolve(String.format("%s_%04d.jpg", person, n));
  }

  private static String threshold(double d) {
    return String.format(Locale.ROOT, "threshold: %.4f", d);
  }

  @Test
  void verifyWithoutFlipUsesTheFlipOffCalibration() {
    double off = SHIPPED.threshold(ModelCatalog.DEFAULT_EMBEDDER, FLIP_OFF, Optional.empty(), Optional.empty())
        .maxDistance();
    double on = SHIPPED.threshold(ModelCatalog.DEFAULT_EMBEDDER, PipelineOptions.defaults(), Optional.empty(), Optional.empty())
        .maxDistance();
    assertNotEquals(threshold(on), threshold(off), "the two calibrations' best-accuracy thresholds differ");

    CliRun.Result r = CliRun.run("verify", "--no-flip", lfw("Colin_Powell", 1).toString(), lfw("Colin_Powell", 2).toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains(threshold(off)) && r.out().contains("flip off"), r.out());
    assertTrue(r.out().contains("match: true"), r.out());

    CliRun.Result stranger =
        CliRun.run("verify", "--no-flip", lfw("Colin_Powell", 1).toString(), lfw("Serena_Williams", 1).toString());
    assertEquals(0, stranger.code(), stranger.err());
    assertTrue(stranger.out().contains("match: false"), stranger.out());
  }

  @Test
  void farWithoutFlipComesFromTheFlipOffPoints() {
    double off = SHIPPED.threshold(ModelCatalog.DEFAULT_EMBEDDER, FLIP_OFF, Optional.empty(), Optional.of(1e-3))
        .maxDistance();
    CliRun.Result r = CliRun.run("verify", "--no-flip", "--far", "1e-3",
        lfw("Colin_Powell", 1).toString(), lfw("Colin_Powell", 2).toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains(threshold(off)), r.out());
  }
}
