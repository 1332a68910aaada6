package org.likeness.engine;

import java.nio.file.Path;
import java.util.Optional;
import org.likeness.gallery.FaceChip;
import org.likeness.pipeline.FaceEncoding;

/**
 * One image file after encoding: its content hash and what the pipeline found, or why it could not
 * be read. Batch jobs report every image, so nothing is skipped silently.
 *
 * @param path the file
 * @param sha256 SHA-256 of the file's bytes; empty when it could not be read
 * @param encoding the pipeline's result; empty when the image was refused
 * @param error why the image was refused (bad file); empty when it was read
 * @param chip the face's aligned chip, for an enrollment to keep; empty unless the caller asked for
 *     chips and a face was detected
 */
public record EncodedImage(Path path, Optional<String> sha256, Optional<FaceEncoding> encoding, Optional<String> error,
    Optional<FaceChip> chip) {
  /** An encoding without a chip. */
  public EncodedImage(Path path, Optional<String> sha256, Optional<FaceEncoding> encoding, Optional<String> error) {
    this(path, sha256, encoding, error, Optional.empty());
  }

  public static EncodedImage refused(Path path, String error) {
    return new EncodedImage(path, Optional.empty(), Optional.empty(), Optional.of(error));
  }
}
