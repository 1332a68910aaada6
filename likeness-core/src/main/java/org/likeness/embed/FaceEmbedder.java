package org.likeness.embed;

import java.util.List;
import org.likeness.align.AlignmentTemplate;
import org.likeness.compare.Metric;
import org.likeness.image.RgbImage;

/**
 * Maps aligned face chips to raw feature vectors. The pipeline adds the flip trick and the L2
 * normalization, so implementations stay a thin wrapper around one network.
 */
public interface FaceEmbedder extends AutoCloseable {
  /** The exact weights behind this embedder. */
  ModelId id();

  /** The alignment its network was trained with; chips passed in must use it. */
  AlignmentTemplate template();

  /** How its embeddings are compared. */
  Metric metric();

  /** Output dimensions. */
  int dimensions();

  /** Whether its outputs are L2-normalized into unit embeddings (true for every neural model). */
  default boolean unitLength() {
    return true;
  }

  /** Raw outputs, one row per chip, in order. Chips are {@code template().size()} squares. */
  float[][] embedChips(List<RgbImage> chips);

  @Override
  void close();
}
