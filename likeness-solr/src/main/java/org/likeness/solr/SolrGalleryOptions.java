package org.likeness.solr;

import org.likeness.error.BadInputException;
import org.likeness.gallery.search.PersonScoring;

/**
 * How a SolrCloud gallery searches; nothing here is stored in the collection.
 *
 * @param scoring how a person's templates combine into one distance, as in the embedded gallery
 * @param candidates how many nearest templates Solr's HNSW search returns before the client scores
 *     their people exactly over all their templates. Solr 9 has no efSearch parameter, so recall
 *     comes from over-fetching: 100 found the true nearest person far more often than 10.
 */
public record SolrGalleryOptions(PersonScoring scoring, int candidates) {
  /** The over-fetch that gave recall@1 of 0.98 on random unit probes where 10 gave 0.74. */
  public static final int DEFAULT_CANDIDATES = 100;

  public SolrGalleryOptions {
    if (scoring == null) {
      throw new BadInputException("SolrCloud gallery options need a person scoring");
    }
    if (candidates < 1 || candidates > 10_000) {
      throw new BadInputException("candidates must be 1..10000, got " + candidates);
    }
  }

  /** {@link PersonScoring#MIN} over {@value #DEFAULT_CANDIDATES} candidates. */
  public static SolrGalleryOptions defaults() {
    return new SolrGalleryOptions(PersonScoring.MIN, DEFAULT_CANDIDATES);
  }

  public SolrGalleryOptions withScoring(PersonScoring value) {
    return new SolrGalleryOptions(value, candidates);
  }
}
