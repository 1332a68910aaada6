package org.likeness.cli;

import java.util.Optional;
import org.likeness.engine.Models;
import org.likeness.error.BadInputException;
import org.likeness.liveness.LivenessCheck;
import org.likeness.liveness.LivenessResult;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
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
    return Optional.of(new Models(store, ModelOptions.ortSettings())
        .livenessCheck(ModelCatalog.DEFAULT_LIVENESS, Optional.empty(), Optional.empty()));
  }
}
