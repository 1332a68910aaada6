package org.likeness.detect;

import java.util.List;
import org.likeness.image.RgbImage;

/** Finds faces in an image. Implementations may hold native memory, so close them. */
public interface FaceDetector extends AutoCloseable {
  /** All faces found, strongest first; an empty list when there is none. */
  List<FaceBox> detect(RgbImage image);

  @Override
  void close();
}
