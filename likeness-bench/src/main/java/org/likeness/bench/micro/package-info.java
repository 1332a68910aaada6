/**
 * The runner of the JMH micro-benchmarks ({@code likeness bench micro}). The benchmarks themselves
 * live in the package of what they measure ({@code bench.compare}, {@code bench.gallery}).
 */
package org.likeness.bench.micro;
