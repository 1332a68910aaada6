package org.likeness.watch;

import java.time.Instant;

/**
 * The watcher's request to open the door for one visit, as a {@link DoorOpener} receives it.
 *
 * @param visitId the visit (track) this opening is for
 * @param person the enrolled person the visit's frames agreed on
 * @param at the capture time of the frame that completed the decision
 * @param distance the nearest distance to {@code person} among the frames the decision was made on
 *     (smaller is closer)
 * @param maxDistance the threshold that frame's distance was held to
 * @param explanation one line for the lock's log, e.g. "Colin_Powell on 3 frames, nearest 0.310 (max 0.520)"
 */
public record VisitDecision(
    long visitId, String person, Instant at, double distance, double maxDistance, String explanation) {
  public VisitDecision {
    if (person == null || person.isBlank() || at == null || explanation == null) {
      throw new IllegalArgumentException("a decision to open needs a person, a time and an explanation, got '"
          + person + "', " + at + ", " + explanation);
    }
    if (!Double.isFinite(distance) || distance < 0 || !Double.isFinite(maxDistance) || maxDistance < 0) {
      throw new IllegalArgumentException("a decision to open " + person + " needs a finite, non-negative distance"
          + " and threshold, got " + distance + " (max " + maxDistance + ")");
    }
  }
}
