package org.likeness.lock;

import java.time.Instant;

/** Openings the tests share. */
final class Samples {

  static final Instant AT = Instant.parse("2026-12-04T22:15:00Z");

  private Samples() {}

  static Opening opening(String visit) {
    return new Opening("Ann Lee", "front", AT, 0.31, 0.6, visit);
  }
}
