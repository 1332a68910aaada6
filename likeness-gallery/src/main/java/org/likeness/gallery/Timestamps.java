package org.likeness.gallery;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Instants as stored in the gallery: fixed-width ISO-8601 UTC with nanoseconds, e.g. {@code
 * 2025-11-28T04:15:00.123456789Z}, so text order is time order and every instant round-trips.
 */
final class Timestamps {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private Timestamps() {}

  static void requireStorable(Instant instant) {
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw new IllegalArgumentException("time must lie in years 0000..9999, got " + instant);
    }
  }

  static String format(Instant instant) {
    requireStorable(instant);
    return FORMAT.format(instant);
  }

  static Instant parse(String text) {
    try {
      return FORMAT.parse(text, Instant::from);
    } catch (DateTimeParseException e) {
      throw new IllegalStateException("gallery holds a malformed time '" + text + "'", e);
    }
  }
}
