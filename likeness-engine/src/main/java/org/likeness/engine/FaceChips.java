package org.likeness.engine;

import java.util.ArrayList;
import java.util.List;
import org.likeness.align.AlignedFace;
import org.likeness.align.AlignmentTemplate;
import org.likeness.align.FaceAligner;
import org.likeness.align.SimilarityTransform;
import org.likeness.detect.DetectedFace;
import org.likeness.detect.FivePoints;
import org.likeness.detect.Point;
import org.likeness.embed.FusedEmbedder;
import org.likeness.gallery.ChipFormat;
import org.likeness.gallery.FaceChip;
import org.likeness.image.ImageLoader;
import org.likeness.image.JpegWriter;
import org.likeness.image.RgbImage;
import org.likeness.quality.FaceQuality;

/**
 * Makes the {@link FaceChip} an enrollment keeps, and re-aligns a kept chip for any model. The chip
 * is aligned on {@link #ALIGNMENT}, the fused model's source chip: ArcFace geometry at twice the
 * size with a margin, so that every catalog model's chip (ArcFace 112, dlib 150 reaching below the
 * chin) lies inside it.
 */
public final class FaceChips {
  /** The canonical chip's geometry. */
  public static final AlignmentTemplate ALIGNMENT = FusedEmbedder.SOURCE;

  /**
   * JPEG quality of kept chips: at 95 a 288 px LFW chip takes 17-22 KB (its PNG 135-180 KB), and
   * dlib-resnet-128 templates re-made from it are within cosine distance 0.0001 of those made from
   * the original photos, against 0.02-0.05 between two photos of one person.
   */
  public static final int JPEG_QUALITY = 95;

  private FaceChips() {}

  /** The chip of {@code face} in {@code photo}, compressed, with its landmarks in chip pixels. */
  public static FaceChip capture(RgbImage photo, DetectedFace face, FaceQuality quality) {
    FivePoints inPhoto = face.landmarks().five();
    var photoToChip = SimilarityTransform.estimate(inPhoto.asList(), ALIGNMENT.points().asList());
    AlignedFace chip = FaceAligner.align(photo, inPhoto, ALIGNMENT);
    List<Point> inChip = new ArrayList<>(5);
    for (Point p : inPhoto.asList()) {
      inChip.add(photoToChip.apply(p));
    }
    return new FaceChip(
        ChipFormat.JPEG,
        JpegWriter.encode(chip.chip(), JPEG_QUALITY),
        ALIGNMENT.name(),
        ALIGNMENT.size(),
        new FivePoints(inChip.get(0), inChip.get(1), inChip.get(2), inChip.get(3), inChip.get(4)),
        quality);
  }

  /**
   * The kept face warped onto {@code target}, another model's template, from the chip's own
   * landmarks (as aligning the original photo would), not from the canonical points.
   */
  public static AlignedFace realign(FaceChip chip, AlignmentTemplate target, ImageLoader loader) {
    RgbImage image = loader.decode(chip.image(), "stored " + chip.format() + " chip");
    if (image.width() != chip.size() || image.height() != chip.size()) {
      throw new IllegalArgumentException(
          "a stored chip says it is " + chip.size() + " px but decodes to " + image.width() + "x"
              + image.height());
    }
    return FaceAligner.align(image, chip.landmarks(), target);
  }
}
