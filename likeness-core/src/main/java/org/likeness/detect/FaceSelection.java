package org.likeness.detect;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Which face to use when a photo holds several. */
public enum FaceSelection {
  /** The largest box: the person standing at the door camera. */
  LARGEST {
    @Override
    public OptionalInt chooseIndex(List<Box> boxes, int width, int height) {
      int best = -1;
      for (int i = 0; i < boxes.size(); i++) {
        if (best < 0 || Double.compare(boxes.get(i).area(), boxes.get(best).area()) > 0) {
          best = i;
        }
      }
      return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }
  },
  /** The box whose centre is nearest the image centre: the LFW convention. */
  CENTRAL {
    @Override
    public OptionalInt chooseIndex(List<Box> boxes, int width, int height) {
      double cx = width / 2.0;
      double cy = height / 2.0;
      int best = -1;
      double bestDistance = 0;
      for (int i = 0; i < boxes.size(); i++) {
        double d = Math.hypot(boxes.get(i).centerX() - cx, boxes.get(i).centerY() - cy);
        if (best < 0 || Double.compare(d, bestDistance) < 0) {
          best = i;
          bestDistance = d;
        }
      }
      return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }
  };

  /**
   * The position of the chosen box in {@code boxes} (the first one on a tie), or empty when
   * {@code boxes} is empty. Choosing on boxes alone lets the pipeline find landmarks for the chosen
   * face only.
   */
  public abstract OptionalInt chooseIndex(List<Box> boxes, int width, int height);

  /** The chosen face, or empty when {@code faces} is empty. */
  public Optional<DetectedFace> choose(List<DetectedFace> faces, int width, int height) {
    OptionalInt i = chooseIndex(faces.stream().map(DetectedFace::box).toList(), width, height);
    return i.isPresent() ? Optional.of(faces.get(i.getAsInt())) : Optional.empty();
  }
}
