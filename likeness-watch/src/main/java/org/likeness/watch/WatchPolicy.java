package org.likeness.watch;

import org.likeness.watch.track.TrackerPolicy;
import org.likeness.watch.visit.VisitPolicy;

/**
 * How a watcher follows and decides.
 *
 * @param tracker when a face continues a track and when a track ends
 * @param visit when a visit is decided
 * @param topK candidates the engine's open-set decision looks at per face
 */
public record WatchPolicy(TrackerPolicy tracker, VisitPolicy visit, int topK) {
  /** The defaults of {@link TrackerPolicy#DEFAULT} and {@link VisitPolicy#DEFAULT}, with 5 candidates. */
  public static final WatchPolicy DEFAULT = new WatchPolicy(TrackerPolicy.DEFAULT, VisitPolicy.DEFAULT, 5);

  public WatchPolicy {
    if (tracker == null || visit == null) {
      throw new IllegalArgumentException("a watch policy needs a tracker and a visit policy, got " + tracker + ", "
          + visit);
    }
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be at least 1, got " + topK);
    }
  }
}
