package org.likeness.camera;

/**
 * Frames per second over a sliding window, from the decode thread's clock readings. Holds a fixed
 * number of stamps, so a rate above {@code capacity / window} reads as that bound.
 */
final class RateMeter {
  private final long windowNanos;
  private final long[] stamps;
  private int count;
  private int next;
  private long startedAt;

  RateMeter(long windowNanos, int capacity, long now) {
    this.windowNanos = windowNanos;
    this.stamps = new long[capacity];
    this.startedAt = now;
  }

  synchronized void tick(long now) {
    stamps[next] = now;
    next = (next + 1) % stamps.length;
    count = Math.min(count + 1, stamps.length);
  }

  /** Frames per second over the window ending now (or since the meter started, if later). */
  synchronized double perSecond(long now) {
    int inWindow = 0;
    for (int i = 0; i < count; i++) {
      if (now - stamps[i] <= windowNanos) {
        inWindow++;
      }
    }
    long span = Math.min(windowNanos, now - startedAt);
    return span <= 0 ? 0 : inWindow * 1e9 / span;
  }
}
