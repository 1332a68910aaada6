/**
 * In-memory 1:K search over enrolled templates: a contiguous vector table scanned exactly in
 * parallel, and a Lucene HNSW graph that takes over for large galleries. Results are aggregated per
 * person and reported as distances of the gallery's {@link org.likeness.compare.Metric}.
 */
package org.likeness.gallery.search;
