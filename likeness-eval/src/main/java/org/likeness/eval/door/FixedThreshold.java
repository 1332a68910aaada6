package org.likeness.eval.door;

import java.util.List;
import java.util.Optional;
import org.likeness.embed.Embedding;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.Match;
import org.likeness.gallery.decide.DecisionReason;
import org.likeness.gallery.decide.OpenSetDecision;
import org.likeness.models.DecisionThreshold;
import org.likeness.models.Thresholds;

/**
 * The decision Likeness made before the door work: the nearest person if their distance is within
 * the LFW-calibrated threshold for a 1% stranger rate at this gallery size, whatever the camera.
 */
final class FixedThreshold implements OpenSetPolicy {
  private final Thresholds thresholds;

  FixedThreshold(Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  @Override
  public String label() {
    return "fixed";
  }

  @Override
  public OpenSetDecision decide(Embedding probe, Gallery gallery) {
    DecisionThreshold t = thresholds.identify(gallery.personCount());
    List<Match> c = gallery.search(probe, 2);
    if (c.isEmpty()) {
      return new OpenSetDecision(Optional.empty(), c, DecisionReason.EMPTY_GALLERY, "");
    }
    return c.get(0).distance() <= t.maxDistance()
        ? new OpenSetDecision(Optional.of(c.get(0)), c, DecisionReason.MATCH, "")
        : new OpenSetDecision(Optional.empty(), c, DecisionReason.NOBODY_CLOSE, "");
  }
}
