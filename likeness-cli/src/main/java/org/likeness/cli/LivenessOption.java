package org.likeness.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.likeness.detect.DetectedFace;
import org.likeness.engine.Models;
import org.likeness.error.BadInputException;
import org.likeness.image.RgbImage;
import org.likeness.liveness.LivenessCheck;
import org.likeness.liveness.LivenessResult;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import picocli.CommandLine.Option;

/**
 * {@code --liveness on|off} for the commands that decide on a face: the passive presentation-attack
 * network's verdict beside the match. On by default when its model is installed; it refuses a face
 * only when its shipped calibration says the network is good enough to gate.
 */
final class LivenessOption {
  @Option(names = "--liveness", paramLabel = "on|off",
      description = "Report the passive presentation-attack check beside the match (default: on when its model is"
          + " installed). It refuses a face only if its calibration gates; see docs/liveness.md.")
  String mode;

  /** One face's verdict, as {@code --json} prints it. */
  record Verdict(boolean live, double score, double threshold, boolean gate, String model, String reason) {
    static Verdict of(LivenessResult r) {
      return new Verdict(r.live(), r.score(), r.threshold().maxAttackScore(), r.threshold().gate(), r.model(),
          r.reason().label());
    }
  }

  /** The check, when on. */
  Optional<LivenessCheck> open(ModelStore store) {
    boolean explicit = mode != null;
    if (explicit && !mode.equals("on") && !mode.equals("off")) {
      throw new BadInputException("--liveness takes on or off, got '" + mode + "'");
    }
    if (explicit && mode.equals("off")) {
      return Optional.empty();
    }
    if (!explicit && !store.isInstalled(ModelCatalog.DEFAULT_LIVENESS)) {
      return Optional.empty();
    }
    return Optional.of(new Models(store, OrtSettings.defaults())
        .livenessCheck(ModelCatalog.DEFAULT_LIVENESS, Optional.empty(), Optional.empty()));
  }

  /** The check's verdict on the largest of {@code faces}; empty when there is none. */
  static Optional<LivenessResult> check(LivenessCheck check, RgbImage image, List<DetectedFace> faces) {
    return faces.stream().max(Comparator.comparingDouble(f -> f.box().width() * f.box().height()))
        .map(f -> check.check(image, f));
  }
}
