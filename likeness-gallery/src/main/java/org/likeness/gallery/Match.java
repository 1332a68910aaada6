package org.likeness.gallery;

/**
 * One enrolled person found by {@link Gallery#search}: who, and how far from the probe.
 *
 * @param identity the person's name
 * @param distance the person's distance to the probe under the gallery's metric and the options'
 *     person scoring; smaller is more alike, and a decision accepts at most a calibrated {@code
 *     maxDistance}
 * @param bestTemplateId the person's template nearest to the probe
 * @param templates how many templates the person has in the gallery
 */
public record Match(String identity, double distance, long bestTemplateId, int templates) {
  public Match {
    if (identity == null) {
      throw new IllegalArgumentException("a match needs an identity");
    }
    if (!(distance >= 0)) {
      throw new IllegalArgumentException(
          "distance must be non-negative, got " + distance + " for " + identity);
    }
    if (templates < 1) {
      throw new IllegalArgumentException(
          identity + " must have at least one template, got " + templates);
    }
  }
}
