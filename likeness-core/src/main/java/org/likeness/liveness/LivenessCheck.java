package org.likeness.liveness;

import org.likeness.detect.DetectedFace;
import org.likeness.image.RgbImage;

/**
 * The liveness stage: after detection, one scorer's attack score for the found face, judged
 * against a calibrated threshold. It owns the scorer (and its native session) and closes it.
 */
public final class LivenessCheck implements AutoCloseable {
  private final LivenessScorer scorer;
  private final LivenessThreshold threshold;

  public LivenessCheck(LivenessScorer scorer, LivenessThreshold threshold) {
    if (scorer == null || threshold == null) {
      throw new IllegalArgumentException("a liveness check needs a scorer and a threshold, got " + scorer + ", "
          + threshold);
    }
    this.scorer = scorer;
    this.threshold = threshold;
  }

  /** The scorer's model id. */
  public String model() {
    return scorer.name();
  }

  public LivenessThreshold threshold() {
    return threshold;
  }

  /** Checks {@code face} in {@code image}. */
  public LivenessResult check(RgbImage image, DetectedFace face) {
    double score = scorer.attackScore(image, face);
    LivenessReason reason = score >= threshold.maxAttackScore()
        ? LivenessReason.LOOKS_LIKE_PHOTO_OR_SCREEN : LivenessReason.LIVE;
    return new LivenessResult(scorer.name(), score, threshold, reason);
  }

  @Override
  public void close() {
    scorer.close();
  }
}
