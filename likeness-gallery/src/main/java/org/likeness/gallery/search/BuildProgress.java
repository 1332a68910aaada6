package org.likeness.gallery.search;

/** Receives progress while an HNSW graph is built or brought up to date, e.g. to print it. */
@FunctionalInterface
public interface BuildProgress {
  /** Reports nothing. */
  BuildProgress NONE = (indexed, total) -> {};

  /**
   * Called now and then from the building threads with templates indexed so far out of {@code
   * total}.
   */
  void update(long indexed, long total);
}
