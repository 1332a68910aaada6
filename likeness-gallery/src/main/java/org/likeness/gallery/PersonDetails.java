package org.likeness.gallery;

import java.time.Instant;
import java.util.List;

/**
 * Everything the gallery holds about one person: when they were added and all their templates,
 * oldest first.
 */
public record PersonDetails(String name, Instant createdAt, List<StoredTemplate> templates) {
  public PersonDetails {
    if (name == null || createdAt == null || templates == null || templates.isEmpty()) {
      throw new IllegalArgumentException("incomplete details for person '" + name + "'");
    }
    templates = List.copyOf(templates);
  }
}
