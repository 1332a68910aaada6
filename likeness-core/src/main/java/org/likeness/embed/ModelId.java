package org.likeness.embed;

import java.util.regex.Pattern;

/**
 * Names the exact weights that produced an embedding: a model name and the SHA-256 of its weights
 * file. Embeddings, templates and galleries carry it so that vectors from different models are
 * never compared.
 *
 * @param name the model's catalog name, for example {@code dlib-resnet-128}
 * @param sha256 lower-case hex SHA-256 of the weights file (64 characters)
 */
public record ModelId(String name, String sha256) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._+-]{0,127}");
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

  public ModelId {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "model name must be 1-128 characters of [a-z0-9._+-], got '" + name + "'");
    }
    if (sha256 == null || !SHA.matcher(sha256).matches()) {
      throw new IllegalArgumentException(
          "model '" + name + "' needs a 64-character lower-case hex SHA-256, got '" + sha256 + "'");
    }
  }

  @Override
  public String toString() {
    return name + "@" + sha256.substring(0, 12);
  }
}
