package org.likeness.pipeline;

import java.util.Optional;
import org.likeness.detect.DetectedFace;
import org.likeness.embed.Embedding;

/**
 * What encoding one photo produced: how many faces were found, the one chosen and its embedding.
 * A photo without a face is a normal result ({@code facesFound == 0}), not an error.
 *
 * @param facesFound faces detected in the photo (1 when detection was skipped)
 * @param face the chosen face; empty when none was found or detection was skipped
 * @param embedding the chosen face's embedding; empty when no face was found
 */
public record FaceEncoding(int facesFound, Optional<DetectedFace> face, Optional<Embedding> embedding) {
  public static FaceEncoding noFace() {
    return new FaceEncoding(0, Optional.empty(), Optional.empty());
  }

  public boolean hasFace() {
    return embedding.isPresent();
  }
}
