package org.likeness.watch.track;

import java.time.Duration;

/**
 * When a face in a new frame continues a track, and when a track is over.
 *
 * <p>A face may continue a track when its box overlaps the track's last box, or the box where the
 * face would be had it kept moving as between its last two sightings, by at least {@code minIou} and its embedding is within {@code overlapDistanceFactor} times the model's verify
 * threshold of the track's recent embeddings, or when its embedding alone is within the verify
 * threshold (a face that jumped, or came back from behind someone). The distance to a track is the
 * smallest to any of its last {@code embeddingsKept} embeddings, so that one frame in which the
 * face was half hidden or blurred does not make the track forget what it looks like. Among the
 * allowed pairs the cheapest are taken first, the cost being {@code (1 - iou) + distance /
 * threshold}.
 *
 * @param minIou the least box overlap (intersection over union, 0..1) that lets a face continue a
 *     track on position
 * @param overlapDistanceFactor how far, in multiples of the verify threshold, a face that overlaps a
 *     track may look from it and still continue it: a poor frame's embedding drifts, another person
 *     stepping into the same place is further still
 * @param embeddingsKept how many of a track's latest embeddings a new face is compared with
 * @param maxMissedFrames frames in a row a track may go unseen before it ends
 * @param maxUnseen how long a track may go unseen before it ends, whatever the frame count (a
 *     camera that drops frames sends fewer of them)
 */
public record TrackerPolicy(
    double minIou, double overlapDistanceFactor, int embeddingsKept, int maxMissedFrames, Duration maxUnseen) {
  /**
   * For a door camera at about 10 frames a second: an overlap of 0.3 holds a face walking up (its
   * box grows by a tenth a frame, overlap about 0.8) and a face moving a third of its width; the
   * overlap gate tolerates twice the verify threshold, so a small, blurred face far away stays on its
   * track; the last 5 embeddings (half a second) are kept, which bridges a face hidden for a frame or
   * two by someone walking past (a half-hidden face's embedding is far from its clear one); a track
   * ends after 10 frames or 1.5 s unseen, long enough to bridge a few missed
   * detections or a head turned away, short enough that someone who leaves and comes back is a new
   * visit.
   */
  public static final TrackerPolicy DEFAULT = new TrackerPolicy(0.3, 2.0, 5, 10, Duration.ofMillis(1500));

  public TrackerPolicy {
    if (!(minIou > 0 && minIou <= 1)) {
      throw new IllegalArgumentException("minIou must lie in (0, 1], got " + minIou);
    }
    if (!(overlapDistanceFactor >= 1) || !Double.isFinite(overlapDistanceFactor)) {
      throw new IllegalArgumentException(
          "overlapDistanceFactor must be a finite multiple of at least 1, got " + overlapDistanceFactor);
    }
    if (embeddingsKept < 1) {
      throw new IllegalArgumentException("a track must keep at least one embedding, got " + embeddingsKept);
    }
    if (maxMissedFrames < 0) {
      throw new IllegalArgumentException("maxMissedFrames cannot be negative, got " + maxMissedFrames);
    }
    if (maxUnseen == null || maxUnseen.isNegative() || maxUnseen.isZero()) {
      throw new IllegalArgumentException("maxUnseen must be a positive duration, got " + maxUnseen);
    }
  }
}
