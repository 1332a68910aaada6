package org.likeness.image;

/**
 * An 8-bit RGB image held as one interleaved byte array (r, g, b per pixel, row-major). This is the
 * one image type every stage consumes, so decoding happens once and stages share a compact layout.
 *
 * @param width width in pixels, at least 1
 * @param height height in pixels, at least 1
 * @param pixels {@code width * height * 3} bytes; read them with {@code & 0xFF}
 */
public record RgbImage(int width, int height, byte[] pixels) {
  public RgbImage {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    if (pixels == null || pixels.length != (long) width * height * 3) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " RGB image needs "
              + ((long) width * height * 3)
              + " bytes, got "
              + (pixels == null ? "null" : pixels.length));
    }
  }

  /** Red, green or blue (channel 0, 1, 2) at (x, y), in 0..255. */
  public int channel(int x, int y, int c) {
    return pixels[(y * width + x) * 3 + c] & 0xFF;
  }

  /** The same image mirrored left to right. */
  public RgbImage mirrored() {
    byte[] out = new byte[pixels.length];
    for (int y = 0; y < height; y++) {
      int row = y * width * 3;
      for (int x = 0; x < width; x++) {
        int src = row + x * 3;
        int dst = row + (width - 1 - x) * 3;
        out[dst] = pixels[src];
        out[dst + 1] = pixels[src + 1];
        out[dst + 2] = pixels[src + 2];
      }
    }
    return new RgbImage(width, height, out);
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage other
        && other.width == width
        && other.height == height
        && java.util.Arrays.equals(other.pixels, pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + java.util.Arrays.hashCode(pixels);
  }
}
