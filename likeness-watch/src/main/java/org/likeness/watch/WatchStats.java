package org.likeness.watch;

import java.util.Optional;

/**
 * A snapshot of a watcher's counters, for {@code /metrics}: counts since the watcher started.
 *
 * @param framesProcessed frames encoded and tracked
 * @param framesDropped frames the camera numbered but the watcher never saw (gaps in the sequence)
 * @param framesOutOfOrder frames skipped because they did not follow the previous one: a sequence
 *     number not above it, or a capture time before it (a feed that resends, a clock stepped back)
 * @param framesPerSecond frames processed per second over the last few seconds
 * @param facesSeen faces found over all processed frames
 * @param tracksInView tracks alive now
 * @param visits visits started (tracks begun)
 * @param openings visits for which the door opened
 * @param notOpened admitted visits the door opener did not open for (too soon, failed or threw)
 * @param refusals visits refused
 * @param listenerFailures events a listener threw on
 * @param running whether the watcher's loop is still running
 * @param failure what stopped the loop, when something went wrong (the feed or the engine threw)
 */
public record WatchStats(
    long framesProcessed, long framesDropped, long framesOutOfOrder, double framesPerSecond, long facesSeen, int tracksInView, long visits,
    long openings, long notOpened, long refusals, long listenerFailures, boolean running, Optional<String> failure) {
  public WatchStats {
    if (failure == null) {
      throw new IllegalArgumentException("failure must be an Optional, not null");
    }
  }
}
