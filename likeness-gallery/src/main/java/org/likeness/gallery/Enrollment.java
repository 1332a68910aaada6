package org.likeness.gallery;

/** One item of a batch for {@link Gallery#enrollAll}: whose face a template shows. */
public record Enrollment(String person, Template template) {
  public Enrollment {
    if (template == null) {
      throw new IllegalArgumentException("enrollment of '" + person + "' needs a template");
    }
  }
}
