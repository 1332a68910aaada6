package org.likeness.models;

/** What a model does in the pipeline. */
public enum ModelKind {
  DETECTOR,
  LANDMARKER,
  EMBEDDER,
  /** Presentation-attack detection: a live face or a photo or screen held up. */
  LIVENESS,
  /** Not a network: the naive pixel comparison kept as a yardstick. */
  BASELINE
}
