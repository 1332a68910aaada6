package org.likeness.models;

import java.util.Optional;

/**
 * The distance threshold a decision uses, and what it stands for, so outputs can say which
 * calibration and which false-accept rate a threshold means.
 *
 * @param maxDistance accept when the distance is at most this
 * @param far the false-accept rate it was calibrated for; empty for the best-accuracy threshold or a
 *     user-given number
 * @param source where it comes from: a calibration's source, or {@code "--max-distance"}
 */
public record DecisionThreshold(double maxDistance, Optional<Double> far, String source) {
  public DecisionThreshold {
    if (!(maxDistance >= 0) || Double.isInfinite(maxDistance)) {
      throw new IllegalArgumentException("a threshold must be a finite non-negative distance, got " + maxDistance);
    }
  }
}
