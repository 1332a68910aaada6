package org.likeness.gallery.search;

/**
 * One way to compute the dot product of a query with a row of a {@link VectorTable}: the scalar
 * loop that runs on any JVM, or the Vector API kernel that needs {@code jdk.incubator.vector}. The
 * two sum in different orders, so their results may differ in the last bits; {@link ScanKernel}
 * picks one per process and every engine uses it.
 */
interface DotKernel {
  /** Dot product of {@code query} with the row starting at {@code offset} in {@code table}. */
  float dot(float[] table, int offset, float[] query);
}
