/**
 * Batch enrollment on Spark: photos in, Parquet rows of embeddings out (one per photo, failures
 * included), then a bulk load of those rows into a gallery, embedded or SolrCloud. Each executor JVM
 * loads the face models once and reuses them for every row.
 */
package org.likeness.spark;
