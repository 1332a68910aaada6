package org.likeness.server.audit;

import java.util.Locale;

/** The two questions a door asks: who is this, and is this who they claim to be. */
public enum DoorEndpoint {
  /** {@code POST /api/v1/identify}. */
  IDENTIFY,
  /** {@code POST /api/v1/verify}. */
  VERIFY;

  /** The lower-case label, e.g. {@code identify}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
