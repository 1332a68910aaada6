package org.likeness.align;

import org.likeness.detect.Point;

/**
 * A 2-D affine map {@code x' = a*x + b*y + tx, y' = c*x + d*y + ty} in pixel coordinates, where an
 * integer coordinate is a pixel's centre.
 */
public record Affine(double a, double b, double tx, double c, double d, double ty) {
  public Affine {
    double det = a * d - b * c;
    if (!Double.isFinite(det) || Math.abs(det) < 1e-12 || !Double.isFinite(tx) || !Double.isFinite(ty)) {
      throw new IllegalArgumentException(
          "affine map is not invertible: [" + a + " " + b + " " + tx + "; " + c + " " + d + " " + ty + "]");
    }
  }

  /** Maps a rectangle of {@code srcW x srcH} pixels onto one of {@code dstW x dstH}, corner to corner. */
  public static Affine scaling(double srcX, double srcY, double srcW, double srcH, int dstW, int dstH) {
    double sx = dstW / srcW;
    double sy = dstH / srcH;
    // Pixel centres: dst = (src - srcX + 0.5) * s - 0.5
    return new Affine(sx, 0, (0.5 - srcX) * sx - 0.5, 0, sy, (0.5 - srcY) * sy - 0.5);
  }

  public Point apply(Point p) {
    return new Point((float) (a * p.x() + b * p.y() + tx), (float) (c * p.x() + d * p.y() + ty));
  }

  public Affine inverse() {
    double det = a * d - b * c;
    double ia = d / det;
    double ib = -b / det;
    double ic = -c / det;
    double id = a / det;
    return new Affine(ia, ib, -(ia * tx + ib * ty), ic, id, -(ic * tx + id * ty));
  }
}
