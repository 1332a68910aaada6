package org.likeness.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.likeness.detect.FaceSelection;
import org.likeness.engine.DetectorChoice;
import org.likeness.engine.Likeness;
import org.likeness.error.BadInputException;
import org.likeness.gallery.GallerySpec;
import org.likeness.image.ImageLoader;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;
import org.likeness.train.ModelVariant;
import picocli.CommandLine.Option;

/** The options shared by every command that runs a model. */
final class ModelOptions {
  /** The image reader every command uses; it is thread-safe. */
  static final ImageLoader LOADER = new ImageLoader();

  /**
   * The ONNX Runtime settings of a command: the defaults, with each model's optimized graph kept
   * in {@code ~/.likeness/cache/ort} so that the next command loads it instead of optimizing again.
   */
  static OrtSettings ortSettings() {
    return OrtSettings.defaults().withOptimizedModelCache(OrtSettings.defaultOptimizedModelCache());
  }

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "Embedder: mobilefacenet-192 (default; with a gallery, the gallery's model), faceplugin-512, dlib-resnet-128, fused, pixels (naive baseline), or BACKBONE+HEAD_FILE for a head made by likeness train.")
  String model;

  @Option(names = "--models-dir", paramLabel = "DIR", description = "Where models are installed (default: $LIKENESS_MODELS or ~/.likeness/models).")
  Path modelsDir;

  @Option(names = "--no-flip", description = "Embed only the face, not also its mirror image: about 1.5x faster, a little less"
      + " accurate at strict thresholds; decides with the model's flip-off calibration.")
  boolean noFlip;

  @Option(names = "--assume-aligned", description = "Skip detection: each image is already a face crop.")
  boolean assumeAligned;

  @Option(
      names = "--detector",
      paramLabel = "NAME",
      description = "Face detector: ultraface-two-scale (default: faceplugin's detector at 160x120, again at 320x240 unless one large face was found; then faceplugin's landmark network), ultraface (320x240 on every photo), ultraface-int8 (that in int8) or mtcnn (gives its own five landmarks).")
  String detector = DetectorChoice.DEFAULT.cliName();

  @Option(names = "--face", paramLabel = "RULE", description = "Which face to use when a photo holds several: ${COMPLETION-CANDIDATES} (default: LARGEST).")
  FaceSelection face = FaceSelection.LARGEST;

  /** What {@code --model} names: a catalog model, or a backbone with a trained head ({@code NAME+head.bin}). */
  ModelVariant variant() {
    return ModelVariant.parse(model != null ? model : ModelCatalog.DEFAULT_EMBEDDER.name());
  }

  ModelSpec spec() {
    return variant().spec();
  }

  /**
   * The model to use with an existing gallery: the one named by {@code --model}, or else the
   * gallery's own. The gallery itself refuses a mismatch, naming both models.
   */
  ModelSpec specFor(GallerySpec gallery) {
    if (model != null) {
      return spec();
    }
    String name = gallery.model().name();
    if (name.contains(ModelVariant.SEPARATOR + "head-")) {
      throw new BadInputException("the gallery was enrolled with the trained head " + gallery.model()
          + "; name its head file: --model BACKBONE" + ModelVariant.SEPARATOR + "HEAD_FILE");
    }
    return ModelCatalog.embedder(name);
  }

  /** Opens {@code s}: a catalog model, or the head variant named by {@code --model}. */
  Likeness open(ModelSpec s) {
    ModelVariant v = variant();
    if (v.headFile().isPresent() && s.id().equals(v.spec().id())) {
      return Likeness.open(s, v::open, store(), pipelineOptions(), ortSettings(), detectorChoice());
    }
    return Likeness.open(s, store(), pipelineOptions(), ortSettings(), detectorChoice());
  }

  /** The detector named by {@code --detector}; the error names a bad value and the valid ones. */
  DetectorChoice detectorChoice() {
    return DetectorChoice.parse(detector);
  }

  ModelStore store() {
    return ModelStore.locate(Optional.ofNullable(modelsDir));
  }

  PipelineOptions pipelineOptions() {
    return PipelineOptions.defaults().withFlip(!noFlip).withSelection(face).withAssumeAligned(assumeAligned);
  }

  Likeness open() {
    return open(spec());
  }
}
