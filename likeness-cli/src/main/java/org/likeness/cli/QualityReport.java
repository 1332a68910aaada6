package org.likeness.cli;

import org.likeness.quality.FaceQuality;
import org.likeness.quality.QualityFloor;
import org.likeness.quality.QualityVerdict;

/**
 * A face's quality as the {@code --json} output of detect and embed writes it: the measures,
 * rounded to two decimals, and the first check of {@link QualityFloor#DEFAULT} it fails ({@code
 * null} issue, message and advice when it passes).
 */
record QualityReport(
    double faceWidthPx,
    double sharpness,
    double exposure,
    double contrast,
    double yawDegrees,
    double pitchDegrees,
    double rollDegrees,
    double detectorScore,
    String issue,
    String message,
    String advice) {

  static QualityReport of(FaceQuality q) {
    QualityVerdict v = QualityFloor.DEFAULT.check(q).orElse(null);
    return new QualityReport(r(q.faceWidthPx()), r(q.sharpness()), r(q.exposure()), r(q.contrast()),
        r(q.yawDegrees()), r(q.pitchDegrees()), r(q.rollDegrees()), r(q.detectorScore()),
        v == null ? null : v.issue().name(), v == null ? null : v.message(), v == null ? null : v.advice());
  }

  private static double r(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
