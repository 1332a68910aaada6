package org.likeness.models;

import java.util.Optional;

/**
 * What an open-set decision needs to know about the gallery it searches: how many people and
 * templates a stranger is compared with, and how alike the gallery's own people are.
 *
 * @param people people enrolled
 * @param templates templates enrolled; a stranger is compared with every one of them
 * @param strangerMeanDistance the mean distance between templates of different enrolled people, over
 *     the gallery's cohort sample; empty when the gallery keeps no sample or holds too few people
 */
public record GalleryStatistics(int people, int templates, Optional<Double> strangerMeanDistance) {
  public GalleryStatistics {
    if (people < 0 || templates < people) {
      throw new IllegalArgumentException(
          "a gallery holds at least one template per person, got " + people + " people and " + templates + " templates");
    }
    if (strangerMeanDistance.isPresent() && !Double.isFinite(strangerMeanDistance.get())) {
      throw new IllegalArgumentException("stranger mean distance must be finite, got " + strangerMeanDistance.get());
    }
  }

  /** A gallery known only by its number of people, one template each. */
  public static GalleryStatistics ofPeople(int people) {
    return new GalleryStatistics(people, people, Optional.empty());
  }
}
