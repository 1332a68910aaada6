package org.likeness.liveness;

import java.util.Locale;

/** Why a liveness check came out as it did; the JSON and the audit log use {@link #label()}. */
public enum LivenessReason {
  /** The attack score is under the threshold: treated as a live face. */
  LIVE("live face"),
  /** The attack score reaches the threshold: it looks like a photo or a screen. */
  LOOKS_LIKE_PHOTO_OR_SCREEN("looks like a photo or a screen"),
  /** No face was found, so there was nothing to check. */
  NO_FACE("no face");

  private final String message;

  LivenessReason(String message) {
    this.message = message;
  }

  /** The lower-case label, e.g. {@code looks_like_photo_or_screen}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A short human reading, e.g. {@code looks like a photo or a screen}. */
  public String message() {
    return message;
  }
}
