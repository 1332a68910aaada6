package org.likeness.train;

import java.nio.file.Path;
import org.likeness.embed.FaceEmbedder;
import org.likeness.engine.Models;
import org.likeness.error.BadInputException;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;

/** Opens a {@code head.bin} with the catalog backbone it was trained on: the factory for callers. */
public final class HeadModels {
  private HeadModels() {}

  /**
   * The backbone named in {@code headFile}, from {@code models}, with the head on top.
   *
   * @throws BadInputException when the file is not a valid head, or its backbone is not a catalog
   *     embedder with the recorded SHA-256
   */
  public static HeadEmbedder open(Path headFile, Models models) {
    TrainedHead head = HeadFile.read(headFile);
    return open(head, backboneOf(head, headFile.toString()), models);
  }

  /** The catalog spec of the backbone {@code head} was trained on, checked against its SHA-256. */
  static ModelSpec backboneOf(TrainedHead head, String source) {
    ModelSpec spec = ModelCatalog.embedder(head.manifest().backbone().name());
    if (!spec.id().equals(head.manifest().backbone())) {
      throw new BadInputException(
          "head " + source + " was trained on " + head.manifest().backbone() + " but the catalog's "
              + spec.name() + " is " + spec.id());
    }
    return spec;
  }

  static HeadEmbedder open(TrainedHead head, ModelSpec backbone, Models models) {
    FaceEmbedder embedder = models.embedder(backbone);
    try {
      return new HeadEmbedder(embedder, head);
    } catch (RuntimeException e) {
      embedder.close();
      throw e;
    }
  }
}
