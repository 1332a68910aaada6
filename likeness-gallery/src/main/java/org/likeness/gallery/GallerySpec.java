package org.likeness.gallery;

import org.likeness.compare.Metric;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;
import org.likeness.error.BadInputException;

/**
 * What a gallery is fixed to when it is created: its name, the one model whose embeddings it holds,
 * their dimensions, and the metric its search distances use.
 *
 * @param name a label for messages, e.g. {@code office}; the same rules as person names
 * @param model the only model whose embeddings the gallery accepts
 * @param dimensions the model's embedding size
 * @param metric the distance reported by searches, matching the model's calibrated threshold
 */
public record GallerySpec(String name, ModelId model, int dimensions, Metric metric) {
  public GallerySpec {
    name = PersonNames.check("gallery name", name);
    if (model == null || metric == null) {
      throw new IllegalArgumentException("gallery '" + name + "' needs a model and a metric");
    }
    if (dimensions < 1 || dimensions > 16_384) {
      throw new IllegalArgumentException(
          "gallery '" + name + "' needs 1..16384 dimensions, got " + dimensions + " for " + model);
    }
  }

  /**
   * Refuses an embedding this gallery cannot hold or search: another model's (naming both), or one
   * of the wrong size.
   *
   * @param role what the embedding is for, e.g. {@code "query"}, for the message
   * @param where where the gallery lives, e.g. {@code " at solr://..."}, or empty
   */
  public void requireAccepts(Embedding embedding, String role, String where) {
    if (embedding == null) {
      throw new IllegalArgumentException("the " + role + " needs an embedding");
    }
    if (!embedding.model().equals(model)) {
      throw new ModelMismatchException(
          "gallery '" + name + "'" + where + " holds " + dimensions + "-d embeddings from " + model + " but the "
              + role + " came from " + embedding.model(),
          model,
          embedding.model());
    }
    if (embedding.dimensions() != dimensions) {
      throw new BadInputException(
          "the " + role + " has " + embedding.dimensions() + " dimensions but gallery '" + name + "' holds "
              + dimensions + "-d embeddings from " + model);
    }
  }

  /** A gallery whose searches report cosine distance, {@code 1 - cos}. */
  public static GallerySpec cosine(String name, ModelId model, int dimensions) {
    return new GallerySpec(name, model, dimensions, Metric.COSINE);
  }
}
