package org.likeness.gallery;

import org.likeness.gallery.search.BuildProgress;
import org.likeness.gallery.search.IndexOptions;
import org.likeness.gallery.search.PersonScoring;

/**
 * How an open gallery searches; none of it is stored, so the same gallery can be opened with other
 * options.
 *
 * @param scoring how a person's templates combine into one distance
 * @param index engine choice, HNSW threshold and graph parameters, threads
 * @param progress told about HNSW builds, which can take minutes for millions of templates
 */
public record GalleryOptions(PersonScoring scoring, IndexOptions index, BuildProgress progress) {
  public GalleryOptions {
    if (scoring == null || index == null || progress == null) {
      throw new IllegalArgumentException(
          "gallery options need a scoring, index options and a progress listener, got "
              + scoring
              + ", "
              + index
              + ", "
              + progress);
    }
  }

  /** {@link PersonScoring#MIN}, {@link IndexOptions#defaults()}, no progress reports. */
  public static GalleryOptions defaults() {
    return new GalleryOptions(PersonScoring.MIN, IndexOptions.defaults(), BuildProgress.NONE);
  }

  public GalleryOptions withScoring(PersonScoring value) {
    return new GalleryOptions(value, index, progress);
  }

  public GalleryOptions withIndex(IndexOptions value) {
    return new GalleryOptions(scoring, value, progress);
  }

  public GalleryOptions withProgress(BuildProgress value) {
    return new GalleryOptions(scoring, index, value);
  }
}
