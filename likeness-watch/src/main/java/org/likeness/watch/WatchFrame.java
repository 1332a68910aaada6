package org.likeness.watch;

import java.time.Instant;
import org.likeness.image.RgbImage;

/**
 * One camera frame handed to the watcher.
 *
 * @param image the frame's pixels
 * @param sequence the camera's frame number, increasing; a gap means frames were dropped before
 *     the watcher saw them. A feed that reconnects must keep counting up: the watcher skips a frame
 *     whose number is not above the last one's (see {@link WatchStats#framesOutOfOrder()})
 * @param at when the frame was captured; a frame captured before the last one is skipped too
 */
public record WatchFrame(RgbImage image, long sequence, Instant at) {
  public WatchFrame {
    if (image == null || at == null) {
      throw new IllegalArgumentException("a frame needs an image and a capture time, got " + image + ", " + at);
    }
  }
}
