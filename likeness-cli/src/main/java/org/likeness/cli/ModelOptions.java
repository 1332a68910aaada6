package org.likeness.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.likeness.detect.FaceSelection;
import org.likeness.engine.Likeness;
import org.likeness.gallery.GalleryInfo;
import org.likeness.image.ImageLoader;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;
import picocli.CommandLine.Option;

/** The options shared by every command that runs a model. */
final class ModelOptions {
  /** The image reader every command uses; it is thread-safe. */
  static final ImageLoader LOADER = new ImageLoader();

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "Embedder: faceplugin-512 (default; with a gallery, the gallery's model), dlib-resnet-128 or pixels (naive baseline).")
  String model;

  @Option(names = "--models-dir", paramLabel = "DIR", description = "Where models are installed (default: $LIKENESS_MODELS or ~/.likeness/models).")
  Path modelsDir;

  @Option(names = "--no-flip", description = "Embed only the face, not also its mirror image (faster, slightly less accurate).")
  boolean noFlip;

  @Option(names = "--assume-aligned", description = "Skip detection: each image is already a face crop.")
  boolean assumeAligned;

  @Option(names = "--face", paramLabel = "RULE", description = "Which face to use when a photo holds several: ${COMPLETION-CANDIDATES} (default: LARGEST).")
  FaceSelection face = FaceSelection.LARGEST;

  ModelSpec spec() {
    return ModelCatalog.embedder(model != null ? model : ModelCatalog.DEFAULT_EMBEDDER.name());
  }

  /**
   * The model to use with an existing gallery: the one named by {@code --model}, or else the
   * gallery's own. The gallery itself refuses a mismatch, naming both models.
   */
  ModelSpec specFor(GalleryInfo gallery) {
    return model != null ? spec() : ModelCatalog.embedder(gallery.spec().model().name());
  }

  Likeness open(ModelSpec s) {
    return Likeness.open(s, store(), pipelineOptions(), OrtSettings.defaults());
  }

  ModelStore store() {
    return ModelStore.locate(Optional.ofNullable(modelsDir));
  }

  PipelineOptions pipelineOptions() {
    return new PipelineOptions(!noFlip, face, assumeAligned);
  }

  Likeness open() {
    return Likeness.open(spec(), store(), pipelineOptions(), OrtSettings.defaults());
  }
}
