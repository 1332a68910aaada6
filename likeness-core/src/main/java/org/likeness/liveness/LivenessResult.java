package org.likeness.liveness;

/**
 * One face's liveness check: the network's attack score against the threshold.
 *
 * @param model the scorer's model id
 * @param score the attack score (higher = more likely a photo or screen)
 * @param threshold the line and whether it refuses
 * @param reason {@link LivenessReason#LIVE} or {@link LivenessReason#LOOKS_LIKE_PHOTO_OR_SCREEN}
 */
public record LivenessResult(String model, double score, LivenessThreshold threshold, LivenessReason reason) {
  public LivenessResult {
    if (model == null || threshold == null || reason == null) {
      throw new IllegalArgumentException("incomplete liveness result: model " + model + ", threshold " + threshold
          + ", reason " + reason);
    }
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException("liveness score of " + model + " must be finite, got " + score);
    }
    if (reason == LivenessReason.NO_FACE) {
      throw new IllegalArgumentException("a liveness result is for a found face; no face has no result");
    }
    boolean attack = score >= threshold.maxAttackScore();
    if (attack != (reason == LivenessReason.LOOKS_LIKE_PHOTO_OR_SCREEN)) {
      throw new IllegalArgumentException("reason " + reason + " contradicts score " + score + " against threshold "
          + threshold.maxAttackScore());
    }
  }

  /** Whether the face was judged live (score under the threshold). */
  public boolean live() {
    return reason == LivenessReason.LIVE;
  }

  /** Whether this result refuses the face: judged an attack by a gating threshold. */
  public boolean refuses() {
    return !live() && threshold.gate();
  }
}
