package org.likeness.detect;

import org.likeness.image.RgbImage;

/** Locates the five alignment landmarks inside a detected face box. */
public interface LandmarkDetector extends AutoCloseable {
  FivePoints locate(RgbImage image, Box face);

  @Override
  void close();
}
