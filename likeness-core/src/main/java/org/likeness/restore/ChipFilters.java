package org.likeness.restore;

import org.likeness.image.RgbImage;

/** The point and neighbourhood filters a {@link ChipRestoration} is made of, on every channel alike. */
final class ChipFilters {
  private ChipFilters() {}

  /** Every channel through (x/255)^gamma. */
  static RgbImage gamma(RgbImage in, double gamma) {
    byte[] lut = new byte[256];
    for (int i = 0; i < 256; i++) {
      lut[i] = (byte) clamp(Math.round(255 * Math.pow(i / 255.0, gamma)));
    }
    byte[] px = in.pixels();
    byte[] out = new byte[px.length];
    for (int i = 0; i < px.length; i++) {
      out[i] = lut[px[i] & 0xFF];
    }
    return new RgbImage(in.width(), in.height(), out);
  }

  /** A Gaussian blur of standard deviation {@code sigma} pixels, the edges repeated outwards. */
  static RgbImage gaussian(RgbImage in, double sigma) {
    float[] blurred = blur(floats(in), in.width(), in.height(), sigma);
    return image(blurred, in.width(), in.height());
  }

  /** The chip plus {@code amount} times its detail: the chip minus its Gaussian blur of {@code sigma}. */
  static RgbImage unsharp(RgbImage in, double sigma, double amount) {
    float[] f = floats(in);
    float[] b = blur(f, in.width(), in.height(), sigma);
    float[] out = new float[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = (float) (f[i] + amount * (f[i] - b[i]));
    }
    return image(out, in.width(), in.height());
  }

  private static float[] floats(RgbImage in) {
    byte[] px = in.pixels();
    float[] f = new float[px.length];
    for (int i = 0; i < px.length; i++) {
      f[i] = px[i] & 0xFF;
    }
    return f;
  }

  private static RgbImage image(float[] f, int w, int h) {
    byte[] out = new byte[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = (byte) clamp(Math.round(f[i]));
    }
    return new RgbImage(w, h, out);
  }

  /** Separable Gaussian blur of interleaved RGB floats, kernel radius 3 sigma. */
  private static float[] blur(float[] f, int w, int h, double sigma) {
    int r = Math.max(1, (int) Math.ceil(3 * sigma));
    float[] k = new float[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      k[i + r] = (float) Math.exp(-i * i / (2 * sigma * sigma));
      sum += k[i + r];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= (float) sum;
    }
    float[] tmp = new float[f.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          float s = 0;
          for (int i = -r; i <= r; i++) {
            int xx = Math.min(w - 1, Math.max(0, x + i));
            s += k[i + r] * f[(y * w + xx) * 3 + c];
          }
          tmp[(y * w + x) * 3 + c] = s;
        }
      }
    }
    float[] out = new float[f.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          float s = 0;
          for (int i = -r; i <= r; i++) {
            int yy = Math.min(h - 1, Math.max(0, y + i));
            s += k[i + r] * tmp[(yy * w + x) * 3 + c];
          }
          out[(y * w + x) * 3 + c] = s;
        }
      }
    }
    return out;
  }

  private static int clamp(long v) {
    return (int) Math.max(0, Math.min(255, v));
  }
}
