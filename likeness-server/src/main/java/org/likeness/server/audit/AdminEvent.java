package org.likeness.server.audit;

import java.time.Instant;
import java.util.Locale;

/**
 * An administrative act that changes how the door decides, as the audit log keeps it beside the
 * decisions: a migration to a new model started, failed, or switched the door over.
 *
 * @param id the row id, increasing with time; 0 before it is saved
 * @param at when it happened
 * @param action what happened
 * @param detail one line for people: the models, the galleries and the counts
 * @param keyName the name of the API key that asked for it (never the key)
 */
public record AdminEvent(long id, Instant at, Action action, String detail, String keyName) {
  public AdminEvent {
    if (at == null || action == null || detail == null || keyName == null) {
      throw new IllegalArgumentException("admin event " + id + " is incomplete: " + action + " at " + at);
    }
  }

  /** What an administrative event records. */
  public enum Action {
    /** A migration of the served gallery to another model began, in the background. */
    MIGRATION_STARTED,
    /** The door switched to the migrated gallery and its model; the old gallery is kept on disk. */
    MODEL_SWITCHED,
    /** The migration stopped without switching (no chips for some faces, a missing model, a fault); the door kept its model. */
    MIGRATION_FAILED;

    /** The lower-case label, e.g. {@code model_switched}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
