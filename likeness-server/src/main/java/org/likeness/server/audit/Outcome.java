package org.likeness.server.audit;

import java.util.Locale;

/** What a door decision came to; the audit log and the decision metrics use the same names. */
public enum Outcome {
  /** Identify: the nearest enrolled person was within the threshold. */
  IDENTIFIED,
  /** Identify: a face, but nobody enrolled was close enough (or the gallery is empty). */
  UNKNOWN,
  /** Identify or verify: no face in the photo, so no decision could open the door. */
  NO_FACE,
  /** Verify: the face is the claimed person's. */
  ACCEPTED,
  /** Verify: the face is not close enough to the claimed person's faces. */
  REJECTED,
  /** Verify: nobody with the claimed name is enrolled; refused like {@link #REJECTED}. */
  UNKNOWN_NAME,
  /**
   * Identify or verify: a face too small, blurred, dark or turned to decide on; refused with advice
   * for the person instead of a guess.
   */
  LOW_QUALITY,
  /**
   * Identify or verify: not a live person at the camera: a failed head-turn challenge (flat like a
   * photo or screen, the wrong way, frozen), a replay of an earlier accepted upload, a kiosk photo
   * without the required challenge, or a passive attack score over a gating threshold.
   */
  SPOOF;

  /** The lower-case label, e.g. {@code no_face}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the door opens. */
  public boolean opens() {
    return this == IDENTIFIED || this == ACCEPTED;
  }
}
