package org.likeness.watch;

import java.time.Instant;

/**
 * The watcher's request to open the door for one visit, as a {@link DoorOpener} receives it.
 *
 * @param visitId the visit (track) this opening is for
 * @param person the enrolled person the visit's frames agreed on
 * @param firstCounted the capture time of the first frame the decision counted (the first of its
 *     good frames): from then on the visit was decidable, so {@code at - firstCounted} is the time
 *     spent waiting for enough good frames, and the time from {@code at} to the opener's call is the
 *     watcher's own work (what {@code likeness bench watch} reports)
 * @param at the capture time of the frame that completed the decision
 * @param distance the nearest distance to {@code person} among the frames the decision was made on
 *     (smaller is closer)
 * @param maxDistance the threshold that frame's distance was held to
 * @param explanation one line for the lock's log, e.g. "Colin_Powell on 3 frames, nearest 0.310 (max 0.520)"
 */
public record VisitDecision(
    long visitId, String person, Instant firstCounted, Instant at, double distance, double maxDistance, String explanation) {
  public VisitDecision {
    if (person == null || person.isBlank() || firstCounted == null || at == null || explanation == null) {
      throw new IllegalArgumentException("a decision to open needs a person, two times and an explanation, got '"
          + person + "', " + firstCounted + ", " + at + ", " + explanation);
    }
    if (firstCounted.isAfter(at)) {
      throw new IllegalArgumentException("the decision to open " + person + " counted a frame of " + firstCounted
          + ", after the frame of " + at + " that completed it");
    }
    if (!Double.isFinite(distance) || distance < 0 || !Double.isFinite(maxDistance) || maxDistance < 0) {
      throw new IllegalArgumentException("a decision to open " + person + " needs a finite, non-negative distance"
          + " and threshold, got " + distance + " (max " + maxDistance + ")");
    }
  }
}
