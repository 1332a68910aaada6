package org.likeness.liveness.challenge;

import java.util.Optional;
import org.likeness.detect.DetectedFace;
import org.likeness.embed.Embedding;
import org.likeness.image.RgbImage;

/**
 * One frame of a challenge burst, as the engine saw it: the image, the face it chose there (the
 * largest) and that face's embedding. A frame without a face is a normal value, not an error.
 *
 * @param image the frame as sent by the kiosk
 * @param face the chosen face, or empty when none was found
 * @param embedding the chosen face's embedding; present exactly when {@code face} is
 */
public record ChallengeFrame(RgbImage image, Optional<DetectedFace> face, Optional<Embedding> embedding) {
  public ChallengeFrame {
    if (image == null || face == null || embedding == null) {
      throw new IllegalArgumentException("a challenge frame needs an image and Optionals for face and embedding");
    }
    if (face.isPresent() != embedding.isPresent()) {
      throw new IllegalArgumentException("a challenge frame has a face exactly when it has an embedding, got face "
          + face.isPresent() + " and embedding " + embedding.isPresent() + " for " + image);
    }
  }

  /** A frame in which no face was found. */
  public static ChallengeFrame noFace(RgbImage image) {
    return new ChallengeFrame(image, Optional.empty(), Optional.empty());
  }

  /** A frame with its face and embedding. */
  public static ChallengeFrame of(RgbImage image, DetectedFace face, Embedding embedding) {
    return new ChallengeFrame(image, Optional.of(face), Optional.of(embedding));
  }

  public boolean hasFace() {
    return face.isPresent();
  }
}
