package org.likeness.train;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.likeness.embed.ModelId;

/**
 * The JSON header of a {@code head.bin} file: the head's shape, and its provenance (which backbone,
 * which data, which hyper-parameters and seed, which software, when), plus the threshold calibrated
 * for it.
 *
 * @param architecture the head's shape
 * @param inputDims the backbone's output dimensions
 * @param outputDims the head's output dimensions
 * @param backbone the exact backbone weights the head was trained on
 * @param data the training photos
 * @param training hyper-parameters and seed
 * @param validationSplit fraction of the people held out for validation and calibration
 * @param maxDistance accept threshold for cosine distance between head embeddings (flip on)
 * @param calibration how {@code maxDistance} was chosen
 * @param software the program and version that wrote the file
 * @param createdAt ISO-8601 instant of writing
 */
public record HeadManifest(
    HeadArchitecture architecture,
    int inputDims,
    int outputDims,
    ModelId backbone,
    DataProvenance data,
    TrainingConfig training,
    double validationSplit,
    double maxDistance,
    String calibration,
    String software,
    String createdAt) {

  public HeadManifest {
    if (architecture == null || backbone == null || data == null || training == null
        || calibration == null || software == null || createdAt == null) {
      throw new IllegalArgumentException("head manifest is missing a field: " + java.util.Arrays.asList(
          architecture, backbone, data, training, calibration, software, createdAt));
    }
    if (inputDims < 1 || outputDims < 1) {
      throw new IllegalArgumentException("head dimensions must be positive, got " + inputDims + " -> " + outputDims);
    }
    if (training.architecture() != architecture || training.outputDims() != outputDims) {
      throw new IllegalArgumentException(
          "head is a " + architecture + " " + inputDims + " -> " + outputDims + " but its training config says "
              + training.architecture() + " -> " + training.outputDims());
    }
    if (!(validationSplit >= 0 && validationSplit < 1)) {
      throw new IllegalArgumentException("validation split must be in [0, 1), got " + validationSplit);
    }
    if (!(maxDistance > 0 && maxDistance <= 2)) {
      throw new IllegalArgumentException("a cosine maxDistance must be in (0, 2], got " + maxDistance);
    }
    try {
      Instant.parse(createdAt);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("createdAt must be an ISO-8601 instant, got '" + createdAt + "'");
    }
  }
}
