package org.likeness.eval.door;

import org.likeness.engine.Identification;
import org.likeness.engine.Likeness;
import org.likeness.gallery.Gallery;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.quality.QualityFloor;

/**
 * How Likeness decides now, through the same code the command line and the door service run:
 * {@link Likeness#decide} (quality floor, threshold per template and following the gallery), and
 * enrollment that refuses faces below the quality floor.
 */
final class ShippedDecision implements OpenSetPolicy {
  private final Likeness engine;
  private final String label;
  private final QualityFloor floor;

  ShippedDecision(Likeness engine) {
    this(engine, "shipped", engine.qualityFloor());
  }

  /** The shipped decision with another quality floor than the engine's, to choose one. */
  ShippedDecision(Likeness engine, String label, QualityFloor floor) {
    this.engine = engine;
    this.label = label;
    this.floor = floor;
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public boolean usable(FaceEncoding face) {
    return face.quality().flatMap(floor::check).isEmpty();
  }

  @Override
  public Identification identify(FaceEncoding probe, Gallery gallery) {
    QualityFloor engines = engine.qualityFloor();
    engine.setQualityFloor(floor);
    try {
      return engine.decide(probe, gallery, engine.thresholds(), 2);
    } finally {
      engine.setQualityFloor(engines);
    }
  }

  @Override
  public boolean verifies(FaceEncoding probe, double distance) {
    return usable(probe) && distance <= engine.thresholds().verify().maxDistance();
  }
}
