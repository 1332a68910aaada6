/** The triplet loss that shapes an embedding: same person close, different people far. */
package org.likeness.loss;
