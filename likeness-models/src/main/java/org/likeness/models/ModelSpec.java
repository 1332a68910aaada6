package org.likeness.models;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import org.likeness.align.AlignmentTemplate;
import org.likeness.compare.Metric;
import org.likeness.embed.ModelId;

/**
 * Everything needed to run one model correctly, stated explicitly rather than guessed from tensor
 * shapes: where its weights come from and their checksum, its input geometry and normalization, and
 * for embedders the alignment, metric and calibrated threshold.
 *
 * @param name catalog name used on the command line, e.g. {@code dlib-resnet-128}
 * @param kind what the model does
 * @param source where the weights come from
 * @param file path of the weights relative to the models directory; empty for built-in models
 * @param sha256 SHA-256 of that file (for built-ins, of the model's definition string)
 * @param inputWidth network input width in pixels
 * @param inputHeight network input height in pixels
 * @param layout tensor layout of the input
 * @param mean per-channel value subtracted from each RGB pixel (0..255 scale)
 * @param std per-channel divisor applied after the subtraction
 * @param dimensions embedding size (embedders only; 0 otherwise)
 * @param metric how embeddings are compared (embedders only)
 * @param maxDistance the default accept threshold for {@code metric} with the flip trick on
 * @param alignment the chip template the network expects (embedders only)
 * @param calibration how {@code maxDistance} was chosen, for users and for provenance
 */
public record ModelSpec(
    String name,
    ModelKind kind,
    ModelSource source,
    String file,
    String sha256,
    int inputWidth,
    int inputHeight,
    TensorLayout layout,
    float[] mean,
    float[] std,
    int dimensions,
    Metric metric,
    double maxDistance,
    AlignmentTemplate alignment,
    String calibration) {

  private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

  public ModelSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind of " + name);
    Objects.requireNonNull(source, "source of " + name);
    if (!SHA.matcher(sha256).matches()) {
      throw new IllegalArgumentException("model " + name + " needs a hex SHA-256, got '" + sha256 + "'");
    }
    if (mean.length != std.length) {
      throw new IllegalArgumentException(
          "model " + name + " has " + mean.length + " means but " + std.length + " std values");
    }
    if (kind == ModelKind.EMBEDDER || kind == ModelKind.BASELINE) {
      if (dimensions < 1 || metric == null || alignment == null || !(maxDistance > 0)) {
        throw new IllegalArgumentException(
            "embedder " + name + " needs dimensions, a metric, an alignment and a positive maxDistance");
      }
    }
  }

  /** Whether embeddings are L2-normalized (every neural model) rather than raw (the pixel baseline). */
  public boolean unitLength() {
    return kind == ModelKind.EMBEDDER;
  }

  /** The identity recorded with every embedding this model makes. */
  public ModelId id() {
    return new ModelId(name, sha256);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelSpec s && s.name.equals(name) && s.sha256.equals(sha256);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, sha256);
  }

  @Override
  public String toString() {
    return "ModelSpec[" + name + ", " + kind + ", " + inputWidth + "x" + inputHeight + " " + layout
        + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + "]";
  }
}
