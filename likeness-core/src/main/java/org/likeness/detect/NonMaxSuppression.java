package org.likeness.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression: keeps the strongest box of every overlapping cluster. */
public final class NonMaxSuppression {
  private NonMaxSuppression() {}

  /**
   * Returns the boxes sorted by score, dropping any box whose IoU with a kept, stronger box exceeds
   * {@code maxIou}.
   */
  public static List<FaceBox> apply(List<FaceBox> boxes, float maxIou) {
    if (!(maxIou >= 0 && maxIou <= 1)) {
      throw new IllegalArgumentException("NMS IoU limit must lie in [0, 1], got " + maxIou);
    }
    List<FaceBox> sorted = new ArrayList<>(boxes);
    sorted.sort(Comparator.comparingDouble(FaceBox::score).reversed());
    List<FaceBox> kept = new ArrayList<>();
    for (FaceBox candidate : sorted) {
      boolean overlaps = false;
      for (FaceBox k : kept) {
        if (k.box().iou(candidate.box()) > maxIou) {
          overlaps = true;
          break;
        }
      }
      if (!overlaps) {
        kept.add(candidate);
      }
    }
    return kept;
  }
}
