package org.likeness.gallery.search;

/** Which search engine answers a query: an exact scan of every template, or the HNSW graph. */
public enum Engine {
  /** Scans every template; always finds the true nearest people. */
  EXACT,
  /** Walks Lucene's HNSW graph and re-ranks the candidates exactly; approximate but sub-linear. */
  HNSW
}
