package org.likeness.liveness;

import org.likeness.detect.DetectedFace;
import org.likeness.image.RgbImage;

/**
 * One presentation-attack network (or image cue) scoring one found face. Each scorer cuts the crop
 * its network expects from the whole image (a squared face box, a tight box, ...), so it receives
 * the image and the face rather than an aligned chip.
 *
 * <p>Scores point one way for every scorer: <b>higher means more likely an attack</b>. A network
 * whose output means "live" is turned around by its scorer.
 */
public interface LivenessScorer extends AutoCloseable {
  /** The model id, as in the model catalog (for example {@code dtn-antispoof}). */
  String name();

  /**
   * The attack score for {@code face} in {@code image}: higher is more likely a photo or screen.
   *
   * @throws IllegalArgumentException when the face box lies wholly outside the image
   */
  double attackScore(RgbImage image, DetectedFace face);

  @Override
  void close();
}
