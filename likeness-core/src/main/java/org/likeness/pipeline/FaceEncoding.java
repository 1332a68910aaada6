package org.likeness.pipeline;

import java.util.Optional;
import org.likeness.detect.DetectedFace;
import org.likeness.embed.Embedding;
import org.likeness.quality.FaceQuality;

/**
 * What encoding one photo produced: how many faces were found, the one chosen, its embedding and
 * how well it can be recognised. A photo without a face is a normal result ({@code facesFound ==
 * 0}), not an error.
 *
 * @param facesFound faces detected in the photo (1 when detection was skipped)
 * @param face the chosen face; empty when none was found or detection was skipped
 * @param embedding the chosen face's embedding; empty when no face was found
 * @param quality the chosen face's quality; empty when no face was found or detection was skipped
 *     (without landmarks there is no width or pose to measure)
 */
public record FaceEncoding(
    int facesFound, Optional<DetectedFace> face, Optional<Embedding> embedding, Optional<FaceQuality> quality) {
  public FaceEncoding {
    if (face == null || embedding == null || quality == null) {
      throw new IllegalArgumentException("face, embedding and quality must be Optionals, not null");
    }
    if (quality.isPresent() && face.isEmpty()) {
      throw new IllegalArgumentException("a quality without a face: " + quality.get());
    }
  }

  /** An encoding without a quality measurement, as before quality existed. */
  public FaceEncoding(int facesFound, Optional<DetectedFace> face, Optional<Embedding> embedding) {
    this(facesFound, face, embedding, Optional.empty());
  }

  public static FaceEncoding noFace() {
    return new FaceEncoding(0, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public boolean hasFace() {
    return embedding.isPresent();
  }
}
