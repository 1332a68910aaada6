/**
 * How fast and how accurate gallery search is. {@link org.likeness.bench.gallery.GalleryBench}
 * ({@code likeness bench gallery}) prints tables at 10k to 1M templates with memory and build time;
 * {@link org.likeness.bench.gallery.ExactSearchBenchmark} is the JMH micro-benchmark of one exact
 * scan. Programs, not tests.
 */
package org.likeness.bench.gallery;
