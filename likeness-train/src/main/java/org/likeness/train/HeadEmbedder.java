package org.likeness.train;

import java.util.List;
import org.likeness.align.AlignmentTemplate;
import org.likeness.compare.Metric;
import org.likeness.embed.FaceEmbedder;
import org.likeness.embed.ModelId;
import org.likeness.error.BadInputException;
import org.likeness.image.RgbImage;

/**
 * A backbone with a trained head on top: each chip becomes {@code head(normalize(backbone(chip)))},
 * a unit vector. The pipeline's flip trick then sums the head outputs of the face and its mirror and
 * normalizes the sum, which is exactly how the head was trained and validated (each view through
 * the head on its own). Its {@link #id()} names the head file, so embeddings made through different
 * heads, or without one, are never compared. Closing it closes the backbone.
 */
public final class HeadEmbedder implements FaceEmbedder {
  private final FaceEmbedder backbone;
  private final TrainedHead head;
  private final ModelId id;

  /**
   * @throws BadInputException when {@code head} was trained on other weights than {@code backbone}'s
   */
  public HeadEmbedder(FaceEmbedder backbone, TrainedHead head) {
    if (!backbone.id().equals(head.manifest().backbone())) {
      throw new BadInputException(
          "head " + head.id() + " was trained on " + head.manifest().backbone() + " but the backbone is "
              + backbone.id());
    }
    if (backbone.dimensions() != head.head().inputDims()) {
      throw new BadInputException(
          "head " + head.id() + " takes " + head.head().inputDims() + "-d inputs but backbone "
              + backbone.id() + " makes " + backbone.dimensions() + "-d embeddings");
    }
    if (!backbone.unitLength()) {
      throw new BadInputException("backbone " + backbone.id() + " does not make unit embeddings; a head needs one that does");
    }
    this.backbone = backbone;
    this.head = head;
    this.id = head.id();
  }

  /** The head and its provenance. */
  public TrainedHead head() {
    return head;
  }

  /** The cosine-distance threshold calibrated for this head when it was trained. */
  public double maxDistance() {
    return head.manifest().maxDistance();
  }

  @Override
  public ModelId id() {
    return id;
  }

  @Override
  public AlignmentTemplate template() {
    return backbone.template();
  }

  @Override
  public Metric metric() {
    return Metric.COSINE;
  }

  @Override
  public int dimensions() {
    return head.head().outputDims();
  }

  @Override
  public float[][] embedChips(List<RgbImage> chips) {
    float[][] raw = backbone.embedChips(chips);
    float[][] out = new float[raw.length][];
    for (int i = 0; i < raw.length; i++) {
      out[i] = head.head().apply(raw[i]);
    }
    return out;
  }

  @Override
  public void close() {
    backbone.close();
  }
}
