package org.likeness.watch.visit;

import java.time.Instant;
import java.util.Optional;
import org.likeness.engine.Identification;
import org.likeness.gallery.decide.DecisionReason;
import org.likeness.liveness.LivenessResult;

/**
 * What one frame said about one track's face: the engine's open-set decision and, when the door
 * runs a passive liveness check, its result.
 *
 * @param sequence the frame's sequence number
 * @param at when the frame was captured
 * @param identification the engine's decision on the face
 * @param liveness the passive liveness check's result; empty when none is configured
 */
public record Look(long sequence, Instant at, Identification identification, Optional<LivenessResult> liveness) {
  public Look {
    if (at == null || identification == null || liveness == null) {
      throw new IllegalArgumentException("a look needs a time, an identification and an optional liveness, got "
          + at + ", " + identification + ", " + liveness);
    }
    if (identification.reason() == DecisionReason.NO_FACE) {
      throw new IllegalArgumentException("a look is of a tracked face; frame " + sequence + " has none");
    }
  }

  /** Whether the face was good enough to decide on: it passed the quality floor. */
  public boolean good() {
    return identification.reason() != DecisionReason.LOW_QUALITY;
  }

  /** Whether a gating liveness check judged this face a photo or a screen. */
  public boolean spoofed() {
    return liveness.map(LivenessResult::refuses).orElse(false);
  }
}
