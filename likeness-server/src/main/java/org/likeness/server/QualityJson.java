package org.likeness.server;

import org.likeness.quality.QualityVerdict;

/**
 * Why a face fell below the quality floor, as the API writes it for a person-facing client: the
 * stable reason, the one-line message and the advice the kiosk shows instead of "unknown".
 *
 * @param issue a {@link org.likeness.quality.QualityIssue} name, e.g. {@code FACE_TOO_SMALL}
 * @param message e.g. {@code face too small (26 px, need 30)}
 * @param advice what to tell the person at the camera, e.g. {@code come closer}
 */
public record QualityJson(String issue, String message, String advice) {
  public QualityJson {
    if (issue == null || message == null || advice == null) {
      throw new IllegalArgumentException(
          "a quality answer needs issue, message and advice, got " + issue + ", " + message + ", " + advice);
    }
  }

  /** The answer for one failed check. */
  public static QualityJson of(QualityVerdict verdict) {
    return new QualityJson(verdict.issue().name(), verdict.message(), verdict.advice());
  }
}
