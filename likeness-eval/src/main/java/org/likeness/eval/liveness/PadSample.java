package org.likeness.eval.liveness;

import java.nio.file.Path;

/**
 * One photo of a presentation-attack set.
 *
 * @param set the set's name (its folder)
 * @param attack whether the photo shows an attack (a photo or screen held up) rather than a live face
 * @param file the photo
 */
public record PadSample(String set, boolean attack, Path file) {
  public PadSample {
    if (set == null || set.isBlank() || file == null) {
      throw new IllegalArgumentException("a sample needs a set and a file, got '" + set + "', " + file);
    }
  }
}
