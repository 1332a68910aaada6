package org.likeness.detect;

import java.util.List;
import org.likeness.image.RgbImage;

/**
 * One detector at two input sizes: the photo is searched at the small size first, and its answer
 * stands only when it is one face large enough to be placed well at that scale; otherwise (no face,
 * a small one, or several) the photo is searched again at the full size, whose answer is taken.
 * Most photos hold one near face (an enrolment photo, a visitor at the door), and a detector's work
 * grows with its input's area, so most photos pay a quarter of the work. Small faces are still
 * searched at the full size, and so are photos with several faces: at the small size the detector
 * also reports faces cut by the photo's edge, or misses small ones, that the full size does not, and
 * how many faces a photo holds decides enrolment (a photo of two people is refused).
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
   * @param minFace the least width and height, in pixels of the small input, of the one face found
   *     there for its answer to stand
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

  /** Whether {@code found} is one face, at least {@code minFace} pixels each way in the small input. */
  boolean standsAtSmallScale(List<FaceBox> found, RgbImage image) {
    if (found.size() != 1) {
      return false;
    }
    Box b = found.get(0).box();
    return b.width() * smallWidth / image.width() >= minFace && b.height() * smallHeight / image.height() >= minFace;
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
