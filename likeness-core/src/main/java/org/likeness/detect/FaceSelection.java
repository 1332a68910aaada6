package org.likeness.detect;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Which face to use when a photo holds several. */
public enum FaceSelection {
  /** The largest box: the person standing at the door camera. */
  LARGEST {
    @Override
    public Optional<DetectedFace> choose(List<DetectedFace> faces, int width, int height) {
      return faces.stream().max(Comparator.comparingDouble(f -> f.box().area()));
    }
  },
  /** The box whose centre is nearest the image centre: the LFW convention. */
  CENTRAL {
    @Override
    public Optional<DetectedFace> choose(List<DetectedFace> faces, int width, int height) {
      double cx = width / 2.0;
      double cy = height / 2.0;
      return faces.stream()
          .min(Comparator.comparingDouble(
              f -> Math.hypot(f.box().centerX() - cx, f.box().centerY() - cy)));
    }
  };

  /** The chosen face, or empty when {@code faces} is empty. */
  public abstract Optional<DetectedFace> choose(List<DetectedFace> faces, int width, int height);
}
