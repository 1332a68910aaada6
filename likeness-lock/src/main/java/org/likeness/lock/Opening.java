package org.likeness.lock;

import java.time.Instant;
import java.util.Objects;

/**
 * The event that asks a door to open: who was recognized, at which door, when, how close the match
 * was and under which threshold, and the visit it closes.
 *
 * @param person the recognized person's name, non-blank
 * @param door the door's name, non-blank
 * @param at when the decision was made
 * @param distance the match distance (smaller is closer), finite and not negative
 * @param threshold the maximum distance the decision accepted, finite and not negative
 * @param visit the id of the visit this opening belongs to, non-blank
 */
public record Opening(
    String person, String door, Instant at, double distance, double threshold, String visit) {

  public Opening {
    requireNonBlank("person", person);
    requireNonBlank("door", door);
    requireNonBlank("visit", visit);
    Objects.requireNonNull(at, "at");
    if (!Double.isFinite(distance) || distance < 0) {
      throw new IllegalArgumentException(
          "distance must be finite and not negative but was " + distance + " for " + person);
    }
    if (!Double.isFinite(threshold) || threshold < 0) {
      throw new IllegalArgumentException(
          "threshold must be finite and not negative but was " + threshold + " for " + person);
    }
  }

  private static void requireNonBlank(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "opening "
              + field
              + " must not be blank but was "
              + (value == null ? "null" : "'" + value + "'"));
    }
  }
}
