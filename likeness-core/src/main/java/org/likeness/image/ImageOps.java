package org.likeness.image;

/** Whole-image pixel moves on {@link RgbImage}s, done on the byte array without any AWT types. */
final class ImageOps {
  private ImageOps() {}

  /**
   * The image as it should be shown, given the EXIF orientation it was stored with. Returns the
   * same instance for {@link ExifOrientation#NORMAL}.
   */
  static RgbImage orient(RgbImage image, ExifOrientation orientation) {
    if (orientation == ExifOrientation.NORMAL) {
      return image;
    }
    int w = image.width();
    int h = image.height();
    int outW = orientation.swapsAxes() ? h : w;
    int outH = orientation.swapsAxes() ? w : h;
    // Source pixel (x, y) lands on output pixel (x', y'); both are linear in x and y, so the
    // output index is origin + x * stepX + y * stepY (in pixels).
    int origin;
    int stepX;
    int stepY;
    switch (orientation) {
      case MIRROR_HORIZONTAL -> { // x' = w-1-x, y' = y
        origin = w - 1;
        stepX = -1;
        stepY = outW;
      }
      case ROTATE_180 -> { // x' = w-1-x, y' = h-1-y
        origin = (h - 1) * outW + w - 1;
        stepX = -1;
        stepY = -outW;
      }
      case MIRROR_VERTICAL -> { // x' = x, y' = h-1-y
        origin = (h - 1) * outW;
        stepX = 1;
        stepY = -outW;
      }
      case TRANSPOSE -> { // x' = y, y' = x
        origin = 0;
        stepX = outW;
        stepY = 1;
      }
      case ROTATE_90_CW -> { // x' = h-1-y, y' = x
        origin = h - 1;
        stepX = outW;
        stepY = -1;
      }
      case TRANSVERSE -> { // x' = h-1-y, y' = w-1-x
        origin = (w - 1) * outW + h - 1;
        stepX = -outW;
        stepY = -1;
      }
      case ROTATE_90_CCW -> { // x' = y, y' = w-1-x
        origin = (w - 1) * outW;
        stepX = -outW;
        stepY = 1;
      }
      default -> throw new IllegalArgumentException("unhandled orientation " + orientation);
    }
    byte[] in = image.pixels();
    byte[] out = new byte[in.length];
    int src = 0;
    for (int y = 0; y < h; y++) {
      int dst = (origin + y * stepY) * 3;
      int step = stepX * 3;
      for (int x = 0; x < w; x++, src += 3, dst += step) {
        out[dst] = in[src];
        out[dst + 1] = in[src + 1];
        out[dst + 2] = in[src + 2];
      }
    }
    return new RgbImage(outW, outH, out);
  }
}
