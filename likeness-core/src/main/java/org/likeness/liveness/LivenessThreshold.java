package org.likeness.liveness;

/**
 * Where a liveness check draws its line, and whether crossing it refuses the face.
 *
 * @param maxAttackScore a face whose attack score is below this is live; at or above it, an attack
 * @param gate whether an attack refuses the face ({@code true}) or is only reported beside the
 *     decision ({@code false}); a passive network too weak to trust is shipped as a report
 * @param source where the number comes from, e.g. the calibration's description or "--liveness-threshold"
 */
public record LivenessThreshold(double maxAttackScore, boolean gate, String source) {
  public LivenessThreshold {
    if (!Double.isFinite(maxAttackScore)) {
      throw new IllegalArgumentException("a liveness threshold must be finite, got " + maxAttackScore);
    }
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("a liveness threshold must say where it comes from");
    }
  }

  /** The same line, gating or only reporting. */
  public LivenessThreshold withGate(boolean newGate) {
    return new LivenessThreshold(maxAttackScore, newGate, source);
  }
}
