package org.likeness.watch.track;

import org.likeness.detect.Box;
import org.likeness.embed.Embedding;

/**
 * One face found in one frame, as the tracker sees it: where it is and what it looks like.
 *
 * @param box the face's box in the frame's pixels
 * @param embedding the face's embedding, compared with each track's latest one
 */
public record Sighting(Box box, Embedding embedding) {
  public Sighting {
    if (box == null || embedding == null) {
      throw new IllegalArgumentException("a sighting needs a box and an embedding, got " + box + ", " + embedding);
    }
  }
}
