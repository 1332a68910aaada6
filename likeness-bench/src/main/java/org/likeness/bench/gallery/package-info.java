/**
 * Benchmarks that print tables: how fast and how accurate gallery search is at 10k to 1M templates,
 * and what it costs in memory and build time. Programs, not tests.
 */
package org.likeness.bench.gallery;
