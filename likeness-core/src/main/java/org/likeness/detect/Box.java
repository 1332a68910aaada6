package org.likeness.detect;

/**
 * An axis-aligned face box in image pixel coordinates, (x1, y1) top-left and (x2, y2)
 * bottom-right, with x2 > x1 and y2 > y1.
 */
public record Box(float x1, float y1, float x2, float y2) {
  public Box {
    if (!(Float.isFinite(x1) && Float.isFinite(y1) && Float.isFinite(x2) && Float.isFinite(y2))) {
      throw new IllegalArgumentException("box corners must be finite: " + x1 + "," + y1 + "," + x2 + "," + y2);
    }
    if (!(x2 > x1 && y2 > y1)) {
      throw new IllegalArgumentException(
          "box needs x2 > x1 and y2 > y1, got [" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + "]");
    }
  }

  public float width() {
    return x2 - x1;
  }

  public float height() {
    return y2 - y1;
  }

  public float area() {
    return width() * height();
  }

  public float centerX() {
    return (x1 + x2) / 2;
  }

  public float centerY() {
    return (y1 + y2) / 2;
  }

  /** Intersection over union with {@code other}, in [0, 1]. */
  public float iou(Box other) {
    float ix = Math.min(x2, other.x2) - Math.max(x1, other.x1);
    float iy = Math.min(y2, other.y2) - Math.max(y1, other.y1);
    if (ix <= 0 || iy <= 0) {
      return 0;
    }
    float inter = ix * iy;
    return inter / (area() + other.area() - inter);
  }
}
