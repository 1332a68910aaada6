package org.likeness.detect;

/** A located face: its box, the detector's confidence and its five landmarks. */
public record DetectedFace(Box box, float score, Landmarks landmarks) {
  public DetectedFace {
    if (box == null || landmarks == null) {
      throw new IllegalArgumentException("a detected face needs a box and landmarks");
    }
  }
}
