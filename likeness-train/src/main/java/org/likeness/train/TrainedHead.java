package org.likeness.train;

import org.likeness.embed.ModelId;

/**
 * A head as it lives in a {@code head.bin} file: its manifest, its parameters, and the SHA-256 of
 * the whole file, which names it.
 *
 * @param manifest shape, provenance and calibrated threshold
 * @param head the parameters
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 */
public record TrainedHead(HeadManifest manifest, EmbeddingHead head, String sha256) {
  public TrainedHead {
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a head's SHA-256 must be 64 lower-case hex characters, got '" + sha256 + "'");
    }
    if (head.architecture() != manifest.architecture() || head.inputDims() != manifest.inputDims()
        || head.outputDims() != manifest.outputDims()) {
      throw new IllegalArgumentException(
          "head " + head + " does not match its manifest: " + manifest.architecture() + " "
              + manifest.inputDims() + " -> " + manifest.outputDims());
    }
  }

  /**
   * The identity of embeddings made through this head: {@code <backbone>+head-<first 8 hex of the
   * file's SHA-256>}, with the file's full SHA-256. Galleries enrolled with one head therefore
   * refuse embeddings from any other head, or from the bare backbone.
   */
  public ModelId id() {
    return new ModelId(manifest.backbone().name() + "+head-" + sha256.substring(0, 8), sha256);
  }
}
