package org.likeness.eval.door;

import org.likeness.engine.Identification;
import org.likeness.engine.Likeness;
import org.likeness.gallery.Gallery;
import org.likeness.pipeline.FaceEncoding;

/**
 * How Likeness decides now, through the same code the command line and the door service run:
 * {@link Likeness#decide} (quality floor, threshold per template and following the gallery), and
 * enrollment that refuses faces below the quality floor.
 */
final class ShippedDecision implements OpenSetPolicy {
  private final Likeness engine;

  ShippedDecision(Likeness engine) {
    this.engine = engine;
  }

  @Override
  public String label() {
    return "shipped";
  }

  @Override
  public boolean usable(FaceEncoding face) {
    return face.quality().flatMap(engine.qualityFloor()::check).isEmpty();
  }

  @Override
  public Identification identify(FaceEncoding probe, Gallery gallery) {
    return engine.decide(probe, gallery, engine.thresholds(), 2);
  }

  @Override
  public boolean verifies(FaceEncoding probe, double distance) {
    return usable(probe) && distance <= engine.thresholds().verify().maxDistance();
  }
}
