package org.likeness.gallery.search;

/** Which engine a {@link TemplateIndex} uses for its searches. */
public enum EngineChoice {
  /** Exact below {@link IndexOptions#hnswThreshold()} live templates, HNSW from there on. */
  AUTO,
  /** Always exact; no HNSW graph is built. */
  EXACT,
  /** Always HNSW, whatever the size (mainly for tests and benchmarks). */
  HNSW
}
