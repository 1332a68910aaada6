package org.likeness.models;

/** What a model does in the pipeline. */
public enum ModelKind {
  DETECTOR,
  LANDMARKER,
  EMBEDDER,
  /** Not a network: the naive pixel comparison kept as a yardstick. */
  BASELINE
}
