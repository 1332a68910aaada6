package org.likeness.watch;

import java.time.Instant;
import java.util.Optional;
import org.likeness.watch.visit.Refusal;

/**
 * One thing that happened to one visit. Every visit has exactly one decision event ({@link
 * Kind#OPENED}, {@link Kind#NOT_OPENED} or {@link Kind#REFUSED}) and then one {@link Kind#ENDED}
 * when its track ends; a glimpse, a track seen in fewer frames than a decision takes, has only its
 * {@link Kind#ENDED}.
 *
 * @param kind what happened
 * @param visitId the visit (track) it happened to
 * @param at the capture time of the frame it happened on (for {@link Kind#ENDED}, of the frame that
 *     found the track gone)
 * @param person the admitted person, for {@link Kind#OPENED} and {@link Kind#NOT_OPENED}
 * @param refusal why the visit was refused, for {@link Kind#REFUSED}
 * @param door what the door opener answered, for {@link Kind#OPENED} and {@link Kind#NOT_OPENED}
 * @param frames frames the visit's face was seen in so far
 * @param explanation one line for people
 */
public record VisitEvent(
    Kind kind, long visitId, Instant at, Optional<String> person, Optional<Refusal> refusal, Optional<OpenResult> door,
    int frames, String explanation) {
  /** What happened to the visit. */
  public enum Kind {
    /** An enrolled person was admitted and the door opener opened the door. */
    OPENED,
    /** An enrolled person was admitted but the door opener did not open (too soon, failed, threw). */
    NOT_OPENED,
    /** The visit was refused; see the refusal. */
    REFUSED,
    /** The visit's track ended: the person left the camera's view. */
    ENDED
  }

  public VisitEvent {
    if (kind == null || at == null || person == null || refusal == null || door == null || explanation == null) {
      throw new IllegalArgumentException("incomplete visit event for visit " + visitId + ": " + kind);
    }
    boolean admitted = kind == Kind.OPENED || kind == Kind.NOT_OPENED;
    if (person.isPresent() != admitted || door.isPresent() != admitted) {
      throw new IllegalArgumentException(kind + " event of visit " + visitId + " with person " + person
          + " and door " + door);
    }
    if (refusal.isPresent() != (kind == Kind.REFUSED)) {
      throw new IllegalArgumentException(kind + " event of visit " + visitId + " with refusal " + refusal);
    }
    if ((kind == Kind.OPENED) != door.map(d -> d == OpenResult.OPENED).orElse(false)) {
      throw new IllegalArgumentException(kind + " event of visit " + visitId + " with door " + door);
    }
  }
}
