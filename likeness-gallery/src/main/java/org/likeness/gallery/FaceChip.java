package org.likeness.gallery;

import java.util.Arrays;
import org.likeness.detect.FivePoints;
import org.likeness.quality.FaceQuality;

/**
 * The aligned face an enrolled template was made from, kept so that the template can be made again
 * by another model without the original photo ({@code likeness gallery migrate}). The chip is
 * aligned on one canonical template, large enough that every model's input can be warped out of
 * it; its five landmarks, in the chip's pixels, let each model re-align on its own template.
 *
 * @param format how {@code image} is compressed
 * @param image the compressed chip
 * @param alignment the name of the alignment template the chip was warped onto (for provenance)
 * @param size the chip's width and height in pixels
 * @param landmarks the face's five points in the chip's pixels
 * @param quality the face's quality as measured at enrollment, kept so a migrated template carries it
 */
public record FaceChip(
    ChipFormat format,
    byte[] image,
    String alignment,
    int size,
    FivePoints landmarks,
    FaceQuality quality) {
  public FaceChip {
    if (format == null || image == null || alignment == null || landmarks == null || quality == null) {
      throw new IllegalArgumentException(
          "a face chip needs a format, image bytes, an alignment, landmarks and a quality, got "
              + format + ", " + (image == null ? null : image.length + " bytes") + ", " + alignment
              + ", " + landmarks + ", " + quality);
    }
    if (image.length == 0 || size <= 0) {
      throw new IllegalArgumentException(
          "a face chip needs image bytes and a positive size, got " + image.length + " bytes, size "
              + size);
    }
    image = image.clone();
  }

  @Override
  public byte[] image() {
    return image.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaceChip c
        && format == c.format
        && Arrays.equals(image, c.image)
        && alignment.equals(c.alignment)
        && size == c.size
        && landmarks.equals(c.landmarks)
        && quality.equals(c.quality);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(image) + alignment.hashCode();
  }

  @Override
  public String toString() {
    return "FaceChip[" + format + ", " + image.length + " bytes, " + alignment + ", " + size + "px, "
        + landmarks + ", " + quality + "]";
  }
}
