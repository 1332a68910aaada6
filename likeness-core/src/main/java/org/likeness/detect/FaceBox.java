package org.likeness.detect;

import java.util.Optional;

/**
 * A detector's raw finding: where a face is, how sure the detector is, in [0, 1], and the five
 * alignment points when the detector locates them itself (MTCNN does; UltraFace does not, and the
 * pipeline then asks its landmark network).
 *
 * @param box the face box in image pixels
 * @param score the detector's confidence in [0, 1]
 * @param fivePoints the detector's own five landmarks, in the same image's pixels, or empty
 */
public record FaceBox(Box box, float score, Optional<FivePoints> fivePoints) {
  public FaceBox {
    if (box == null) {
      throw new IllegalArgumentException("a face box needs a box");
    }
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("detection score must lie in [0, 1], got " + score);
    }
    if (fivePoints == null) {
      throw new IllegalArgumentException("five points must be Optional.empty(), not null");
    }
  }

  /** A finding without landmarks. */
  public FaceBox(Box box, float score) {
    this(box, score, Optional.empty());
  }
}
