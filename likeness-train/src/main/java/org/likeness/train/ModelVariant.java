package org.likeness.train;

import java.nio.file.Path;
import java.util.Optional;
import org.likeness.compare.Metric;
import org.likeness.embed.FaceEmbedder;
import org.likeness.embed.ModelId;
import org.likeness.engine.Models;
import org.likeness.error.BadInputException;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelKind;
import org.likeness.models.ModelSource;
import org.likeness.models.ModelSpec;

/**
 * What {@code --model} names: a catalog embedder ({@code dlib-resnet-128}) or a catalog embedder
 * with a trained head file on top ({@code dlib-resnet-128+/path/to/head.bin}).
 *
 * @param backbone the catalog embedder
 * @param headFile the head on top, if any
 */
public record ModelVariant(ModelSpec backbone, Optional<Path> headFile) {
  /** Separates the backbone's name from the head file's path. */
  public static final char SEPARATOR = '+';

  public ModelVariant {
    if (backbone == null || headFile == null) {
      throw new IllegalArgumentException("a model variant needs a backbone and an (optional) head file");
    }
  }

  /** Parses {@code NAME} or {@code NAME+HEAD_FILE}; unknown names list the valid ones. */
  public static ModelVariant parse(String text) {
    int plus = text.indexOf(SEPARATOR);
    if (plus < 0) {
      return new ModelVariant(ModelCatalog.embedder(text), Optional.empty());
    }
    String file = text.substring(plus + 1);
    if (file.isEmpty()) {
      throw new BadInputException("model '" + text + "' names no head file after '" + SEPARATOR + "'");
    }
    return new ModelVariant(ModelCatalog.embedder(text.substring(0, plus)), Optional.of(Path.of(file)));
  }

  /**
   * The spec the rest of Likeness works with: the backbone's own, or for a head a spec derived from
   * it with the head's identity, output size and the threshold calibrated when it was trained.
   */
  public ModelSpec spec() {
    if (headFile.isEmpty()) {
      return backbone;
    }
    TrainedHead head = checkedHead();
    HeadManifest m = head.manifest();
    ModelId id = head.id();
    return new ModelSpec(
        id.name(), ModelKind.EMBEDDER, new ModelSource.BuiltIn(), "", id.sha256(),
        backbone.inputWidth(), backbone.inputHeight(), backbone.layout(), backbone.mean(), backbone.std(),
        m.outputDims(), Metric.COSINE, m.maxDistance(), backbone.alignment(),
        "head " + headFile.get() + ": " + m.calibration());
  }

  private TrainedHead checkedHead() {
    TrainedHead head = HeadFile.read(headFile.get());
    ModelSpec trainedOn = HeadModels.backboneOf(head, headFile.get().toString());
    if (!trainedOn.equals(backbone)) {
      throw new BadInputException(
          "model '" + backbone.name() + SEPARATOR + headFile.get() + "' puts the head on " + backbone.name()
              + " but the head was trained on " + trainedOn.name());
    }
    return head;
  }

  /**
   * Opens the embedder: the bare backbone, or a {@link HeadEmbedder} whose head file must have been
   * trained on exactly this backbone.
   */
  public FaceEmbedder open(Models models) {
    if (headFile.isEmpty()) {
      return models.embedder(backbone);
    }
    return HeadModels.open(checkedHead(), backbone, models);
  }
}
