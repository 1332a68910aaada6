package org.likeness.detect;

/** A detector's raw finding: where a face is and how sure the detector is, in [0, 1]. */
public record FaceBox(Box box, float score) {
  public FaceBox {
    if (box == null) {
      throw new IllegalArgumentException("a face box needs a box");
    }
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("detection score must lie in [0, 1], got " + score);
    }
  }
}
