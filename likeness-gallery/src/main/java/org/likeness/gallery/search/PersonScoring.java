package org.likeness.gallery.search;

import java.util.Locale;

/**
 * How a person's templates combine into one distance for that person. Every constant averages the
 * distances of the person's {@link #templatesUsed()} best templates (or of all of them when the
 * person has fewer), so the result is on the same scale as a single template distance and a
 * threshold calibrated on pairs applies unchanged.
 */
public enum PersonScoring {
  /** The distance of the person's single best template. */
  MIN(1),
  /**
   * The mean distance of the person's two best templates; a person with one template is scored by
   * that template alone. Less easily fooled by one lucky template than {@link #MIN}.
   */
  MEAN_OF_BEST_TWO(2);

  private final int templatesUsed;

  PersonScoring(int templatesUsed) {
    this.templatesUsed = templatesUsed;
  }

  /** How many of a person's best templates this scoring averages. */
  public int templatesUsed() {
    return templatesUsed;
  }

  /**
   * Combines a person's best template distances, sorted ascending, of which the first {@code count}
   * are valid, into the person's distance.
   */
  public double combine(double[] bestAscending, int count) {
    if (count < 1 || count > bestAscending.length) {
      throw new IllegalArgumentException(
          "need 1.." + bestAscending.length + " distances to combine, got " + count);
    }
    int used = Math.min(count, templatesUsed);
    double sum = 0;
    for (int i = 0; i < used; i++) {
      sum += bestAscending[i];
    }
    return sum / used;
  }

  /**
   * Parses a scoring name such as {@code min} or {@code mean-of-best-two}, naming the choices on
   * failure.
   */
  public static PersonScoring parse(String name) {
    String wanted = name == null ? "" : name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (PersonScoring s : values()) {
      if (s.name().equals(wanted)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown person scoring '" + name + "', expected min or mean-of-best-two");
  }
}
