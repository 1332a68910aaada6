package org.likeness.gallery;

import java.time.Instant;

/** One line of {@link Gallery#people()}: a person, how many templates they have, and since when. */
public record PersonSummary(
    String name, int templates, Instant firstEnrolledAt, Instant lastEnrolledAt) {
  public PersonSummary {
    if (name == null || firstEnrolledAt == null || lastEnrolledAt == null || templates < 1) {
      throw new IllegalArgumentException(
          "incomplete person summary: "
              + name
              + ", "
              + templates
              + " templates, "
              + firstEnrolledAt
              + ".."
              + lastEnrolledAt);
    }
  }
}
