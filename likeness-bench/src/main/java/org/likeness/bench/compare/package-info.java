/**
 * JMH micro-benchmarks of comparing two embeddings: the cost of one distance, per metric and
 * embedding size.
 */
package org.likeness.bench.compare;
