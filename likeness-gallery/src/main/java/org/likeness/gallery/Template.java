package org.likeness.gallery;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.likeness.detect.Box;
import org.likeness.embed.Embedding;

/**
 * One enrolled face: its embedding and where it came from, so every template can be traced back to
 * a photo and re-made with another model.
 *
 * @param embedding the face's unit embedding and the model that made it
 * @param imageSha256 lower-case hex SHA-256 of the source image file's bytes; enrolling the same
 *     image again is recognised by it
 * @param box where the face is in the source image, in pixels
 * @param detectionScore the detector's confidence in the face
 * @param enrolledAt when the template was made
 * @param chip the aligned face it was made from, kept for re-embedding with another model; empty
 *     for templates given without an image (tests, synthetic loads) and for those enrolled before
 *     galleries kept chips (schema version 1)
 */
public record Template(
    Embedding embedding,
    String imageSha256,
    Box box,
    float detectionScore,
    Instant enrolledAt,
    Optional<FaceChip> chip) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public Template {
    if (embedding == null || box == null || enrolledAt == null) {
      throw new IllegalArgumentException(
          "a template needs an embedding, a box and a time, got "
              + embedding
              + ", "
              + box
              + ", "
              + enrolledAt);
    }
    if (imageSha256 == null || !SHA256.matcher(imageSha256).matches()) {
      throw new IllegalArgumentException(
          "image SHA-256 must be 64 lower-case hex characters, got '" + imageSha256 + "'");
    }
    if (!Float.isFinite(detectionScore)) {
      throw new IllegalArgumentException("detection score must be finite, got " + detectionScore);
    }
    Timestamps.requireStorable(enrolledAt);
    if (chip == null) {
      throw new IllegalArgumentException("chip must be an Optional, not null");
    }
  }

  /** A template without a stored chip: it cannot be migrated to another model. */
  public Template(
      Embedding embedding, String imageSha256, Box box, float detectionScore, Instant enrolledAt) {
    this(embedding, imageSha256, box, detectionScore, enrolledAt, Optional.empty());
  }
}
