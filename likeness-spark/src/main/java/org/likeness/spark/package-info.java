/**
 * Batch enrollment on Spark: photos in, Parquet rows of embeddings out (one per photo, failures
 * included), then a bulk load of those rows into a gallery, embedded or SolrCloud. Each executor JVM
 * loads the face models once and reuses them for every row. {@link org.likeness.spark.EnrollApplication}
 * is the Spark application that {@code spark-submit} starts from {@code likeness-spark.jar}.
 */
package org.likeness.spark;
