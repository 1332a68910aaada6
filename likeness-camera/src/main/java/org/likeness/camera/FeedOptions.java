package org.likeness.camera;

import java.time.Duration;

/**
 * How a {@link CameraFeed} reads its source.
 *
 * @param realTime read a file at its own frame rate, as a camera would deliver it, dropping frames
 *     a slow consumer misses; when false a file is decoded as fast as the consumer takes frames and
 *     none is dropped (live sources always arrive at their own rate and always drop)
 * @param loop start a file again at its end instead of ending (for demos); ignored for live sources
 * @param readTimeout how long a connect or a read may stall before the stream counts as dropped
 * @param firstBackoff the wait before the first reconnect after a drop
 * @param maxBackoff the longest wait between reconnects; the wait doubles up to it and falls back
 *     to {@code firstBackoff} after a good frame
 */
public record FeedOptions(
    boolean realTime, boolean loop, Duration readTimeout, Duration firstBackoff, Duration maxBackoff) {

  /** Real time, no loop, 5 s read timeout, back-off from 0.5 s doubling to 10 s. */
  public static final FeedOptions DEFAULTS =
      new FeedOptions(true, false, Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(10));

  public FeedOptions {
    requirePositive("readTimeout", readTimeout);
    requirePositive("firstBackoff", firstBackoff);
    requirePositive("maxBackoff", maxBackoff);
    if (maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff " + maxBackoff + " is shorter than firstBackoff " + firstBackoff);
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
    }
  }

  /** These options, reading files at their frame rate or as fast as possible. */
  public FeedOptions withRealTime(boolean realTime) {
    return new FeedOptions(realTime, loop, readTimeout, firstBackoff, maxBackoff);
  }

  /** These options, looping files or not. */
  public FeedOptions withLoop(boolean loop) {
    return new FeedOptions(realTime, loop, readTimeout, firstBackoff, maxBackoff);
  }

  /** These options with another read timeout. */
  public FeedOptions withReadTimeout(Duration readTimeout) {
    return new FeedOptions(realTime, loop, readTimeout, firstBackoff, maxBackoff);
  }

  /** These options with another back-off range. */
  public FeedOptions withBackoff(Duration firstBackoff, Duration maxBackoff) {
    return new FeedOptions(realTime, loop, readTimeout, firstBackoff, maxBackoff);
  }
}
