/**
 * The measured adaptation case: train a head on LFW faces degraded like a cheap door camera's and
 * measure it against the bare backbone, on degraded and on clean pairs. Programs that print tables,
 * not tests.
 */
package org.likeness.bench.train;
