package org.likeness.server.audit;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.likeness.error.BadInputException;

/**
 * Reads the {@code --since} of {@code likeness audit}: a span back from now ({@code 90s}, {@code
 * 15m}, {@code 24h}, {@code 7d}), an ISO-8601 instant with offset ({@code 2025-05-01T08:00:00Z}), or
 * a date ({@code 2025-05-01}, from local midnight).
 */
public final class Since {
  private static final Pattern SPAN = Pattern.compile("(\\d{1,9})([smhd])");

  private Since() {}

  /** The instant {@code text} means at {@code now} in {@code zone}. */
  public static Instant parse(String text, Instant now, ZoneId zone) {
    if (text == null || text.isBlank()) {
      throw new BadInputException("--since needs a value such as 24h, 7d, 2025-05-01 or 2025-05-01T08:00:00Z");
    }
    Matcher m = SPAN.matcher(text.strip());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration span = switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
      return now.minus(span);
    }
    try {
      return OffsetDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeException notAnInstant) {
      try {
        return LocalDate.parse(text.strip()).atStartOfDay(zone).toInstant();
      } catch (DateTimeException notADate) {
        throw new BadInputException("--since '" + text + "' is neither a span (24h, 7d, 15m, 90s), "
            + "an ISO-8601 time with offset (2025-05-01T08:00:00Z) nor a date (2025-05-01)");
      }
    }
  }
}
