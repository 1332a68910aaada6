package org.likeness.align;

import org.likeness.detect.FivePoints;
import org.likeness.detect.Landmarks;
import org.likeness.image.RgbImage;

/** Warps a face onto an alignment template with the least-squares similarity of its landmarks. */
public final class FaceAligner {
  private FaceAligner() {}

  public static AlignedFace align(RgbImage image, FivePoints landmarks, AlignmentTemplate template) {
    return warp(image, SimilarityTransform.estimate(landmarks.asList(), template.points().asList()), template);
  }

  /** Aligns on the five points of {@code landmarks}. */
  public static AlignedFace align(RgbImage image, Landmarks landmarks, AlignmentTemplate template) {
    return align(image, landmarks.five(), template);
  }

  private static AlignedFace warp(RgbImage image, Affine imageToChip, AlignmentTemplate template) {
    RgbImage chip = Warp.warp(image, imageToChip.inverse(), template.size(), template.size());
    return new AlignedFace(chip, template);
  }

  /** Treats the whole image as an already aligned face and only resizes it to the chip size. */
  public static AlignedFace assumeAligned(RgbImage image, AlignmentTemplate template) {
    Affine chipToImage =
        Affine.scaling(0, 0, image.width(), image.height(), template.size(), template.size()).inverse();
    return new AlignedFace(Warp.warp(image, chipToImage, template.size(), template.size()), template);
  }
}
