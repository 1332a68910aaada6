package org.likeness.engine;

import java.util.List;
import java.util.function.Supplier;
import org.likeness.detect.FaceBox;
import org.likeness.detect.FaceDetector;
import org.likeness.image.RgbImage;

/**
 * A detector opened on its first photo, for a fallback most photos never need: its native sessions
 * (and their start-up time and memory) are only paid for when it is used. Not thread-safe, like
 * the pipeline that owns it.
 */
final class LazyDetector implements FaceDetector {
  private final Supplier<FaceDetector> opener;
  private FaceDetector opened;

  LazyDetector(Supplier<FaceDetector> opener) {
    this.opener = opener;
  }

  @Override
  public List<FaceBox> detect(RgbImage image) {
    if (opened == null) {
      opened = opener.get();
    }
    return opened.detect(image);
  }

  @Override
  public void close() {
    if (opened != null) {
      opened.close();
    }
  }
}
