package org.likeness.camera;

import java.time.Instant;
import org.likeness.image.RgbImage;

/**
 * One decoded camera picture, ready for the detector.
 *
 * @param image the picture, RGB
 * @param sequence the feed's count of decoded frames when this one was decoded, from 1; gaps
 *     between the sequences a consumer sees are the frames it was too slow for
 * @param capturedAt when the decode thread finished decoding it
 */
public record Frame(RgbImage image, long sequence, Instant capturedAt) {
  public Frame {
    if (image == null) {
      throw new IllegalArgumentException("frame " + sequence + " has no image");
    }
    if (sequence < 1) {
      throw new IllegalArgumentException("frame sequence must be at least 1, got " + sequence);
    }
    if (capturedAt == null) {
      throw new IllegalArgumentException("frame " + sequence + " has no capture time");
    }
  }
}
