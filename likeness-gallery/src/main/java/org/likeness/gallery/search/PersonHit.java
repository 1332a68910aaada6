package org.likeness.gallery.search;

/**
 * One person found by a {@link TemplateIndex} search.
 *
 * @param person the person's name
 * @param distance the person's distance under the index's metric and the search's {@link
 *     PersonScoring}; smaller is more alike
 * @param bestTemplateId the id of the person's template nearest to the query
 * @param templates how many templates the person has in the index
 */
public record PersonHit(String person, double distance, long bestTemplateId, int templates) {
  public PersonHit {
    if (person == null) {
      throw new IllegalArgumentException("a hit needs a person");
    }
    if (!(distance >= 0)) {
      throw new IllegalArgumentException(
          "distance must be non-negative, got " + distance + " for " + person);
    }
    if (templates < 1) {
      throw new IllegalArgumentException(
          person + " must own at least one template, got " + templates);
    }
  }
}
