package org.likeness.eval.door;

import org.likeness.engine.Identification;
import org.likeness.gallery.Gallery;
import org.likeness.pipeline.FaceEncoding;

/**
 * One way a door answers, as the benchmark compares them: which photos it enrolls, and its
 * open-set decision for a probe against a gallery.
 */
public interface OpenSetPolicy {
  /** The column label, e.g. {@code before} or {@code shipped}. */
  String label();

  /** Whether the policy decides on this face at all (the shipped policy refuses faces below its quality floor). */
  boolean usable(FaceEncoding face);

  /** Whether enrollment takes this face: it was found and is usable. */
  default boolean enrolls(FaceEncoding face) {
    return face.hasFace() && usable(face);
  }

  /** The decision for {@code probe} against {@code gallery}. */
  Identification identify(FaceEncoding probe, Gallery gallery);

  /** Whether a 1:1 claim is accepted at {@code distance} for this probe (no gallery: the pair protocol). */
  boolean verifies(FaceEncoding probe, double distance);
}
