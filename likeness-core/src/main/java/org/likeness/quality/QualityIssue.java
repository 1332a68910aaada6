package org.likeness.quality;

import java.util.Locale;

/**
 * Why a face is not good enough to recognise, with the words for a log line and the advice for the
 * person in front of the camera. The constants are in the order {@link QualityFloor} checks them:
 * causes before symptoms (a small face is also blurry, a dark face also lacks contrast), so the
 * reason reported is the one whose fix is most likely to fix the others.
 */
public enum QualityIssue {
  /** The face spans too few pixels for the embedder to tell people apart. */
  FACE_TOO_SMALL("face too small (%s px, need %s)", "come closer"),
  /** The face region is too dark: mean luma below the floor. */
  TOO_DARK("face too dark (mean luma %s, need %s)", "more light"),
  /** The face region is washed out: mean luma above the ceiling. */
  TOO_BRIGHT("face too bright (mean luma %s, need at most %s)", "less light"),
  /** The head is turned or tilted away from the camera (yaw or pitch, in degrees). */
  TURNED_AWAY("face turned away (%s\u00b0, need at most %s\u00b0)", "look at the camera"),
  /** The face is out of focus or moving. */
  TOO_BLURRY("face too blurry (sharpness %s, need %s)", "hold still"),
  /** The face is flat grey: too little spread in luma (fog, glare, a dirty lens). */
  LOW_CONTRAST("face too flat (luma std %s, need %s)", "face the light"),
  /** The detector is unsure this is a face at all. */
  WEAK_DETECTION("face barely detected (score %s, need %s)", "look at the camera");

  private final String template;
  private final String advice;

  QualityIssue(String template, String advice) {
    this.template = template;
    this.advice = advice;
  }

  /**
   * The log line for a measured value and the bound it missed, e.g. {@code face too small (31 px,
   * need 40)}.
   */
  public String message(double measured, double needed) {
    String m = number(measured);
    String n = number(needed);
    if (m.equals(n) && measured != needed) {
      // 39.6 px against 40 must not read "40 px, need 40".
      m = String.format(Locale.ROOT, Math.abs(measured) >= 1 ? "%.1f" : "%.3f", measured);
    }
    return String.format(Locale.ROOT, template, m, n);
  }

  /** What to tell the person at the camera, e.g. {@code come closer}. */
  public String advice() {
    return advice;
  }

  /** Whole numbers from 10 up without decimals; smaller values with two significant decimals. */
  static String number(double v) {
    double a = Math.abs(v);
    if (a >= 10 || Math.abs(v - Math.rint(v)) < 1e-9) {
      return Long.toString(Math.round(v));
    }
    return String.format(Locale.ROOT, a >= 1 ? "%.1f" : "%.2f", v);
  }
}
