package org.likeness.server.audit;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One visit's decision at a camera door, as the audit log keeps it beside the API's decisions: who
 * was admitted and whether the door opened, or why the visit was refused.
 *
 * @param id the row id, increasing with time; 0 before it is saved
 * @param at the capture time of the frame that completed the decision
 * @param door the door's name
 * @param visitId the watcher's visit (track) number; it starts again at 1 when the service restarts
 *     or switches model (a new watcher)
 * @param decision what was decided
 * @param person the admitted person, for {@link Decision#OPENED} and {@link Decision#NOT_OPENED}
 * @param reason the refusal ({@code stranger}, {@code uncertain}, ...) or why the door did not open
 *     ({@code too_soon}, {@code failed}); empty when it opened
 * @param frames frames the visit's face was seen in when it was decided
 * @param explanation one line for people
 */
public record VisitRecord(long id, Instant at, String door, long visitId, Decision decision, Optional<String> person,
    Optional<String> reason, int frames, String explanation) {
  public VisitRecord {
    if (at == null || door == null || decision == null || person == null || reason == null || explanation == null) {
      throw new IllegalArgumentException("visit record " + id + " (visit " + visitId + ") is incomplete: " + decision
          + " at " + at);
    }
    boolean admitted = decision != Decision.REFUSED;
    if (person.isPresent() != admitted) {
      throw new IllegalArgumentException(decision + " visit " + visitId + " with person " + person);
    }
    if (reason.isPresent() == (decision == Decision.OPENED)) {
      throw new IllegalArgumentException(decision + " visit " + visitId + " with reason " + reason);
    }
  }

  /** What a visit came to. */
  public enum Decision {
    /** An enrolled person, and the door opened. */
    OPENED,
    /** An enrolled person, but the door did not open (too soon after the last opening, an actuator failed). */
    NOT_OPENED,
    /** Refused: a stranger, uncertain frames, a spoof, a face that left too soon. */
    REFUSED;

    /** The lower-case label, e.g. {@code not_opened}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The record as the visits endpoint and the admin page show it. */
  public record Row(long id, String at, String door, long visit, String decision, String person, String reason,
      int frames, String explanation) {}

  public Row row() {
    return new Row(id, at.toString(), door, visitId, decision.label(), person.orElse(null), reason.orElse(null), frames,
        explanation);
  }
}
