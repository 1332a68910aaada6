package org.likeness.gallery;

/**
 * A template as the gallery holds it: the template and the id that {@link Gallery#removeTemplate}
 * and {@link Match#bestTemplateId()} use.
 */
public record StoredTemplate(long id, Template template) {
  public StoredTemplate {
    if (template == null) {
      throw new IllegalArgumentException("stored template " + id + " needs its template");
    }
  }
}
