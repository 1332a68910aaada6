package org.likeness.embed;

import java.util.Arrays;

/**
 * A face embedding: a vector and the model that made it. Neural models produce unit-length vectors
 * ({@link #normalized}); the naive pixel baseline does not. Two embeddings can only be compared when
 * their models are equal.
 *
 * @param vector the components; the array is owned by this record, do not mutate it
 * @param model the model that produced the vector
 */
public record Embedding(float[] vector, ModelId model) {
  private static final double UNIT_TOLERANCE = 1e-3;

  public Embedding {
    if (vector == null || vector.length == 0) {
      throw new IllegalArgumentException("embedding from " + model + " has no components");
    }
    if (model == null) {
      throw new IllegalArgumentException("embedding needs the model that produced it");
    }
    for (float v : vector) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("embedding from " + model + " has a non-finite component " + v);
      }
    }
  }

  /** Whether the vector has unit L2 norm, as every neural model's output here does. */
  public boolean isUnit() {
    double norm = 0;
    for (float v : vector) {
      norm += (double) v * v;
    }
    return Math.abs(Math.sqrt(norm) - 1) <= UNIT_TOLERANCE;
  }

  /** Normalizes {@code raw} to unit length and wraps it; refuses an all-zero vector. */
  public static Embedding normalized(float[] raw, ModelId model) {
    double norm = 0;
    for (float v : raw) {
      norm += (double) v * v;
    }
    if (!(norm > 0) || !Double.isFinite(norm)) {
      throw new IllegalArgumentException(
          "cannot normalize a " + raw.length + "-d vector of norm " + Math.sqrt(norm) + " from " + model);
    }
    float inv = (float) (1 / Math.sqrt(norm));
    float[] out = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = raw[i] * inv;
    }
    return new Embedding(out, model);
  }

  public int dimensions() {
    return vector.length;
  }

  /** Throws when {@code other} comes from a different model, naming both. */
  public void requireSameModel(Embedding other) {
    if (!model.equals(other.model)) {
      throw new IllegalArgumentException(
          "cannot compare an embedding from " + model + " with one from " + other.model);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding e && e.model.equals(model) && Arrays.equals(e.vector, vector);
  }

  @Override
  public int hashCode() {
    return 31 * model.hashCode() + Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "Embedding[" + vector.length + "-d, " + model + "]";
  }
}
