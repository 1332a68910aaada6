package org.likeness.quality;

/**
 * How well one found face can be recognised, measured by {@link QualityAssessor}; a {@link
 * QualityFloor} decides whether it is good enough.
 *
 * @param faceWidthPx the face's width in the photo's pixels, from its landmarks rather than the
 *     detector's box (see {@link QualityAssessor#faceWidth})
 * @param sharpness high-frequency energy relative to contrast on the aligned chip resampled to
 *     {@value QualityAssessor#WORK_SIZE} pixels: RMS of the Laplacian over the luma standard
 *     deviation, so it depends neither on the chip size nor on the lighting; lower is blurrier
 * @param exposure mean luma (BT.601, 0..255) of the face region of the aligned chip
 * @param contrast standard deviation of that luma
 * @param yawDegrees left-right turn estimated from the five landmarks; positive when the nose points
 *     to the image's right
 * @param pitchDegrees up-down tilt estimated from the five landmarks; positive when looking down
 * @param rollDegrees in-plane tilt of the eye line; positive clockwise in the image
 * @param detectorScore the detector's confidence in [0, 1]
 */
public record FaceQuality(
    double faceWidthPx,
    double sharpness,
    double exposure,
    double contrast,
    double yawDegrees,
    double pitchDegrees,
    double rollDegrees,
    double detectorScore) {
  public FaceQuality {
    double[] all = {faceWidthPx, sharpness, exposure, contrast, yawDegrees, pitchDegrees, rollDegrees, detectorScore};
    for (double v : all) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("face quality values must be finite, got " + java.util.Arrays.toString(all));
      }
    }
    if (faceWidthPx < 0 || sharpness < 0 || contrast < 0) {
      throw new IllegalArgumentException("face width " + faceWidthPx + ", sharpness " + sharpness + " and contrast "
          + contrast + " cannot be negative");
    }
  }
}
