package org.likeness.watch.visit;

import java.util.Locale;

/** Why a visit was refused; the event log uses {@link #label()}. */
public enum Refusal {
  /** Nobody enrolled is close enough to the face in any of the frames decided on. */
  STRANGER("nobody enrolled is close enough"),
  /** The frames decided on did not all name the same enrolled person. */
  UNCERTAIN("the best frames did not agree on one person"),
  /** The passive liveness check, set to gate, judged a frame a photo or a screen. */
  SPOOF("looks like a photo or a screen"),
  /** Too few frames passed the quality floor before the time allowed for a decision ran out. */
  LOW_QUALITY("the face was not good enough to decide on in time"),
  /** The gallery holds nobody. */
  EMPTY_GALLERY("nobody is enrolled"),
  /** The track ended (the person left) before enough good frames were seen. */
  LEFT_UNDECIDED("left before a decision");

  private final String text;

  Refusal(String text) {
    this.text = text;
  }

  /** A short phrase for people. */
  public String text() {
    return text;
  }

  /** The lower-case label, e.g. {@code stranger}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
