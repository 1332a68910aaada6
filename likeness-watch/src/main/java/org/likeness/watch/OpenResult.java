package org.likeness.watch;

import java.util.Locale;

/** What a {@link DoorOpener} did when asked to open. */
public enum OpenResult {
  /** The door was opened. */
  OPENED,
  /** The lock refused: it opened too recently. */
  TOO_SOON,
  /** The lock or its actuator failed; the door stayed shut. */
  FAILED;

  /** The lower-case label, e.g. {@code too_soon}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
