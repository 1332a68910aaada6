package org.likeness.detect;

import org.likeness.image.RgbImage;

/** Locates a face's landmarks inside its detected box. */
public interface LandmarkDetector extends AutoCloseable {
  Landmarks locate(RgbImage image, Box face);

  @Override
  void close();
}
