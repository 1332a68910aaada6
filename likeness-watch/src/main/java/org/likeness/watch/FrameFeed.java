package org.likeness.watch;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the watcher's frames come from: a camera, a video file, a list in a test. {@link #next}
 * gives the newest frame not yet given, waiting at most {@code timeout}; an empty answer means no
 * frame yet, unless {@link #ended()} then says the feed is over for good.
 */
@FunctionalInterface
public interface FrameFeed {
  /**
   * The next frame, or empty when none came within {@code timeout} or the feed has ended.
   *
   * @throws InterruptedException when the waiting thread is interrupted (the watcher is closing)
   */
  Optional<WatchFrame> next(Duration timeout) throws InterruptedException;

  /** Whether the feed will give no more frames; a live camera never ends, so false by default. */
  default boolean ended() {
    return false;
  }
}
