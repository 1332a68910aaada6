/**
 * How well the shipped passive liveness networks separate real faces from attacks on the spoof
 * sets, and what they cost per face. A program that prints tables, not a test.
 */
package org.likeness.bench.liveness;
