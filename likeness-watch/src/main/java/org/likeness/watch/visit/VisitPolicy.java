package org.likeness.watch.visit;

import java.time.Duration;

/**
 * When a visit is decided.
 *
 * @param framesToDecide good frames (passing the quality floor) the decision is made on; every one
 *     of them must name the same enrolled person for the door to open
 * @param maxUndecided how long a track may stay in view without that many good frames; then the
 *     visit is refused as {@link Refusal#LOW_QUALITY}
 */
public record VisitPolicy(int framesToDecide, Duration maxUndecided) {
  /**
   * Three good frames, about 0.3 s at 10 frames a second: one lucky false match among them is not
   * enough to open the door, and a visitor who stands still is decided without waiting. Five seconds
   * to get there: long enough to walk up from the far end of a camera's view, short enough that a
   * face that never comes near is logged while it is still there.
   */
  public static final VisitPolicy DEFAULT = new VisitPolicy(3, Duration.ofSeconds(5));

  public VisitPolicy {
    if (framesToDecide < 1) {
      throw new IllegalArgumentException("a visit needs at least one good frame to decide on, got " + framesToDecide);
    }
    if (maxUndecided == null || maxUndecided.isNegative() || maxUndecided.isZero()) {
      throw new IllegalArgumentException("maxUndecided must be a positive duration, got " + maxUndecided);
    }
  }
}
