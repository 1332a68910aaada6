package org.likeness.quality;

/**
 * One failed quality check: the reason, what was measured and the bound it missed. {@link
 * #message()} reads like {@code face too small (31 px, need 40)}.
 *
 * @param issue the reason
 * @param measured the face's value, in the unit of the issue (pixels, luma, degrees, ...)
 * @param needed the floor's bound: a minimum, or a maximum for {@link QualityIssue#TOO_BRIGHT} and
 *     {@link QualityIssue#TURNED_AWAY}
 */
public record QualityVerdict(QualityIssue issue, double measured, double needed) {
  public QualityVerdict {
    if (issue == null) {
      throw new IllegalArgumentException("a quality verdict needs an issue; measured " + measured + ", needed " + needed);
    }
    if (!Double.isFinite(measured) || !Double.isFinite(needed)) {
      throw new IllegalArgumentException(
          "quality verdict " + issue + " needs finite values, got measured " + measured + ", needed " + needed);
    }
  }

  /** The one-line reason, e.g. {@code face too small (31 px, need 40)}. */
  public String message() {
    return issue.message(measured, needed);
  }

  /** What to tell the person at the camera, e.g. {@code Come closer}. */
  public String advice() {
    return issue.advice();
  }
}
