package org.likeness.server;

import java.util.Locale;

/** What happened to one image sent for enrollment; the same outcomes as {@code likeness enroll}. */
public enum EnrollStatus {
  /** A new face was stored. */
  ENROLLED,
  /** This exact image (by SHA-256) was already enrolled for this person; nothing changed. */
  ALREADY_ENROLLED,
  /** No face was found. */
  NO_FACE,
  /** Several faces were found; enrollment needs a photo of the person alone. */
  MULTIPLE_FACES,
  /** The bytes are not a usable image (the error says why). */
  BAD_IMAGE,
  /** The same image is enrolled for someone else: almost surely a labelling mistake. */
  REFUSED;

  /** The lower-case label, e.g. {@code already_enrolled}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
