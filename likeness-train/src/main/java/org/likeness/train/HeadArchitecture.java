package org.likeness.train;

/**
 * The shape of a trainable head. Both end in an L2 normalization, so their outputs are unit vectors
 * compared by cosine distance like every backbone's.
 */
public enum HeadArchitecture {
  /** {@code y = normalize(W x + b)}: one matrix, {@code k x d}. */
  LINEAR,
  /**
   * {@code y = normalize(W2 relu(W1 x + b1) + b2)} with a hidden layer of {@code 2d} units, the width
   * that lets it start out exactly equal to the linear head (see {@link EmbeddingHead#initial}).
   */
  MLP;

  /** Hidden units for a {@code d}-dimensional input; 0 for the linear head. */
  public int hiddenDims(int inputDims) {
    return this == MLP ? 2 * inputDims : 0;
  }
}
