package org.likeness.align;

import org.likeness.image.RgbImage;

/** Bilinear resampling of an image through an affine map; pixels outside the source are black. */
public final class Warp {
  private Warp() {}

  /**
   * Renders a {@code width x height} image whose pixel (u, v) is sampled from {@code src} at
   * {@code dstToSrc(u, v)}.
   */
  public static RgbImage warp(RgbImage src, Affine dstToSrc, int width, int height) {
    byte[] out = new byte[width * height * 3];
    byte[] in = src.pixels();
    int sw = src.width();
    int sh = src.height();
    double a = dstToSrc.a(), b = dstToSrc.b(), tx = dstToSrc.tx();
    double c = dstToSrc.c(), d = dstToSrc.d(), ty = dstToSrc.ty();
    int o = 0;
    for (int v = 0; v < height; v++) {
      double rowX = b * v + tx;
      double rowY = d * v + ty;
      for (int u = 0; u < width; u++, o += 3) {
        double x = a * u + rowX;
        double y = c * u + rowY;
        if (x <= -1 || y <= -1 || x >= sw || y >= sh) {
          continue;
        }
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float fx = (float) (x - x0);
        float fy = (float) (y - y0);
        if (x0 >= 0 && y0 >= 0 && x0 + 1 < sw && y0 + 1 < sh) {
          // All four neighbours inside: the same arithmetic as below without a bounds check per sample.
          int i00 = (y0 * sw + x0) * 3;
          int i01 = i00 + sw * 3;
          for (int ch = 0; ch < 3; ch++) {
            float p00 = in[i00 + ch] & 0xFF;
            float p10 = in[i00 + 3 + ch] & 0xFF;
            float p01 = in[i01 + ch] & 0xFF;
            float p11 = in[i01 + 3 + ch] & 0xFF;
            float top = p00 + (p10 - p00) * fx;
            float bottom = p01 + (p11 - p01) * fx;
            out[o + ch] = (byte) Math.round(top + (bottom - top) * fy);
          }
          continue;
        }
        for (int ch = 0; ch < 3; ch++) {
          float p00 = sample(in, sw, sh, x0, y0, ch);
          float p10 = sample(in, sw, sh, x0 + 1, y0, ch);
          float p01 = sample(in, sw, sh, x0, y0 + 1, ch);
          float p11 = sample(in, sw, sh, x0 + 1, y0 + 1, ch);
          float top = p00 + (p10 - p00) * fx;
          float bottom = p01 + (p11 - p01) * fx;
          out[o + ch] = (byte) Math.round(top + (bottom - top) * fy);
        }
      }
    }
    return new RgbImage(width, height, out);
  }

  private static float sample(byte[] in, int w, int h, int x, int y, int ch) {
    if (x < 0 || y < 0 || x >= w || y >= h) {
      return 0;
    }
    return in[(y * w + x) * 3 + ch] & 0xFF;
  }

  /**
   * Shrinks {@code src} by an integer factor with a box filter, so a later bilinear warp to a much
   * smaller size does not alias. Returns {@code src} itself when {@code factor} is 1.
   */
  public static RgbImage boxShrink(RgbImage src, int factor) {
    if (factor < 1) {
      throw new IllegalArgumentException("shrink factor must be at least 1, got " + factor);
    }
    if (factor == 1) {
      return src;
    }
    int w = Math.max(1, src.width() / factor);
    int h = Math.max(1, src.height() / factor);
    byte[] in = src.pixels();
    byte[] out = new byte[w * h * 3];
    int[] acc = new int[w * 3];
    int sw = src.width();
    int area = factor * factor;
    for (int y = 0; y < h; y++) {
      java.util.Arrays.fill(acc, 0);
      for (int dy = 0; dy < factor; dy++) {
        int row = (y * factor + dy) * sw * 3;
        for (int x = 0; x < w; x++) {
          int base = row + x * factor * 3;
          for (int dx = 0; dx < factor; dx++) {
            int p = base + dx * 3;
            acc[x * 3] += in[p] & 0xFF;
            acc[x * 3 + 1] += in[p + 1] & 0xFF;
            acc[x * 3 + 2] += in[p + 2] & 0xFF;
          }
        }
      }
      int o = y * w * 3;
      for (int i = 0; i < w * 3; i++) {
        out[o + i] = (byte) ((acc[i] + area / 2) / area);
      }
    }
    return new RgbImage(w, h, out);
  }
}
