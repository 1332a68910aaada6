package org.likeness.detect;

import java.util.List;
import org.likeness.image.RgbImage;

/**
 * One detector at two input sizes: the photo is searched at the small size first, and again at the
 * full size only when nothing was found there or the largest face found is too small to be placed
 * well at that scale. Most photos hold a near face (an enrolment photo, a visitor at the door), and
 * a detector's work grows with its input's area, so most photos pay a quarter of the work; small
 * faces are still searched at the full size.
 */
public final class TwoScaleDetector implements FaceDetector {
  private final FaceDetector small;
  private final int smallWidth;
  private final int smallHeight;
  private final FaceDetector full;
  private final float minFace;

  /**
   * @param small the detector at the small input size, which resizes the whole photo to {@code
   *     smallWidth} x {@code smallHeight}
   * @param full the detector at its full input size, used when the small one is not enough
   * @param minFace the least width and height, in pixels of the small input, of the largest face
   *     found there for its answer to stand
   */
  public TwoScaleDetector(FaceDetector small, int smallWidth, int smallHeight, FaceDetector full, float minFace) {
    if (smallWidth <= 0 || smallHeight <= 0 || !(minFace > 0)) {
      throw new IllegalArgumentException(
          "small input " + smallWidth + "x" + smallHeight + " and least face " + minFace + " px must be positive");
    }
    this.small = small;
    this.smallWidth = smallWidth;
    this.smallHeight = smallHeight;
    this.full = full;
    this.minFace = minFace;
  }

  @Override
  public List<FaceBox> detect(RgbImage image) {
    List<FaceBox> found = small.detect(image);
    return standsAtSmallScale(found, image) ? found : full.detect(image);
  }

  /** Whether the largest face of {@code found} is at least {@code minFace} pixels each way in the small input. */
  boolean standsAtSmallScale(List<FaceBox> found, RgbImage image) {
    float sx = (float) smallWidth / image.width();
    float sy = (float) smallHeight / image.height();
    for (FaceBox b : found) {
      if (b.box().width() * sx >= minFace && b.box().height() * sy >= minFace) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    try {
      small.close();
    } finally {
      full.close();
    }
  }
}
