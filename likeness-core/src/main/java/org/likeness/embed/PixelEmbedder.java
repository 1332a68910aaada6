package org.likeness.embed;

import java.util.List;
import org.likeness.align.AlignmentTemplate;
import org.likeness.compare.Metric;
import org.likeness.detect.FivePoints;
import org.likeness.detect.Point;
import org.likeness.image.RgbImage;

/**
 * The seed notebook's naive verification: the L2 distance between raw resized images, here 96x96
 * grayscale scaled to [0, 1]. It learns nothing and exists to show how far embeddings beat it.
 */
public final class PixelEmbedder implements FaceEmbedder {
  /** Side of the grayscale square compared, as in the seed's 96x96 inputs. */
  public static final int SIDE = 96;

  /** A whole-image "template": pixels are compared as they come, with no alignment. */
  public static final AlignmentTemplate WHOLE_IMAGE =
      new AlignmentTemplate(
          "whole-image-96",
          SIDE,
          new FivePoints(
              new Point(33, 40), new Point(63, 40), new Point(48, 56), new Point(36, 72), new Point(60, 72)),
          "no alignment: the whole image is resized (landmark positions unused)");

  private final ModelId id;

  public PixelEmbedder(ModelId id) {
    this.id = id;
  }

  @Override
  public ModelId id() {
    return id;
  }

  @Override
  public AlignmentTemplate template() {
    return WHOLE_IMAGE;
  }

  @Override
  public Metric metric() {
    return Metric.L2;
  }

  @Override
  public int dimensions() {
    return SIDE * SIDE;
  }

  @Override
  public boolean unitLength() {
    return false;
  }

  @Override
  public float[][] embedChips(List<RgbImage> chips) {
    float[][] out = new float[chips.size()][];
    for (int i = 0; i < out.length; i++) {
      RgbImage chip = chips.get(i);
      if (chip.width() != SIDE || chip.height() != SIDE) {
        throw new IllegalArgumentException(
            "pixel baseline needs " + SIDE + "x" + SIDE + " chips, got " + chip.width() + "x" + chip.height());
      }
      byte[] p = chip.pixels();
      float[] v = new float[SIDE * SIDE];
      for (int j = 0; j < v.length; j++) {
        int r = p[j * 3] & 0xFF;
        int g = p[j * 3 + 1] & 0xFF;
        int b = p[j * 3 + 2] & 0xFF;
        v[j] = (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
      }
      out[i] = v;
    }
    return out;
  }

  @Override
  public void close() {}
}
