package org.likeness.eval.door;

import java.util.List;
import java.util.Optional;
import org.likeness.engine.Identification;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.Match;
import org.likeness.gallery.decide.DecisionReason;
import org.likeness.models.DecisionThreshold;
import org.likeness.models.Thresholds;
import org.likeness.pipeline.FaceEncoding;

/**
 * How Likeness decided before the door work, kept as the benchmark's baseline: every face enrolled
 * and decided on, the LFW-calibrated threshold for a 1% stranger rate counted per person (not per
 * template) and blind to the gallery, and the model's best-accuracy threshold for 1:1.
 */
final class FixedThreshold implements OpenSetPolicy {
  private final Thresholds thresholds;

  FixedThreshold(Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  @Override
  public String label() {
    return "before";
  }

  @Override
  public boolean usable(FaceEncoding face) {
    return true;
  }

  @Override
  public Identification identify(FaceEncoding probe, Gallery gallery) {
    // As before the door work: the calibrated point within 1% / K, K counting people.
    DecisionThreshold t = thresholds.calibration()
        .map(c -> c.strictestWithin(Thresholds.STRANGER_RATE / Math.max(1, gallery.personCount())))
        .map(p -> new DecisionThreshold(p.maxDistance(), Optional.of(p.far()), "before: 1% / people"))
        .orElse(thresholds.verify());
    List<Match> c = gallery.search(probe.embedding().orElseThrow(), 2);
    if (c.isEmpty()) {
      return new Identification(Optional.empty(), Optional.empty(), t, c, 1, DecisionReason.EMPTY_GALLERY,
          Optional.empty());
    }
    boolean in = c.get(0).distance() <= t.maxDistance();
    return new Identification(in ? Optional.of(c.get(0).identity()) : Optional.empty(),
        Optional.of(c.get(0).distance()), t, c, 1, in ? DecisionReason.MATCH : DecisionReason.NOBODY_CLOSE,
        Optional.empty());
  }

  @Override
  public boolean verifies(FaceEncoding probe, double distance) {
    return distance <= thresholds.verify().maxDistance();
  }
}
