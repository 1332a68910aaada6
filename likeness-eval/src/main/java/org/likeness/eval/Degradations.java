package org.likeness.eval;

import java.util.Random;
import java.util.SplittableRandom;
import org.likeness.image.RgbImage;

/**
 * What a door camera does to a face, applied to a good photo: a smaller face, a tight crop, grey,
 * a soft lens or a moving subject, a dim hall with sensor noise, JPEG. The door benchmark's variants
 * are built from these, and the quality floors were measured and are tested with them. Pure and
 * deterministic: every random choice comes from the caller's seed.
 */
public final class Degradations {
  private Degradations() {}

  /** The photo shrunk by {@code factor} (0 < factor <= 1) with area averaging, as a camera further away sees it. */
  public static RgbImage downscale(RgbImage image, double factor) {
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("downscale factor must lie in (0, 1], got " + factor);
    }
    int w = Math.max(1, (int) Math.round(image.width() * factor));
    int h = Math.max(1, (int) Math.round(image.height() * factor));
    return cropResize(image, 0, 0, image.width(), image.height(), w, h);
  }

  /** The photo through a Gaussian blur of {@code sigma} pixels (edges clamped): defocus. */
  public static RgbImage blur(RgbImage image, double sigma) {
    if (!(sigma > 0)) {
      throw new IllegalArgumentException("blur sigma must be positive, got " + sigma);
    }
    return gaussianBlur(image, sigma);
  }

  /**
   * The photo in a dim room: every value times {@code gain} (below 1 darkens, above 1 brightens
   * and clips), plus Gaussian sensor noise of {@code noiseStd} levels drawn from {@code seed}.
   */
  public static RgbImage exposure(RgbImage image, double gain, double noiseStd, long seed) {
    if (!(gain >= 0) || !(noiseStd >= 0)) {
      throw new IllegalArgumentException("gain and noise must not be negative, got " + gain + " and " + noiseStd);
    }
    Random random = new Random(seed);
    byte[] in = image.pixels();
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i++) {
      double v = (in[i] & 0xFF) * gain + random.nextGaussian() * noiseStd;
      out[i] = (byte) Math.round(Math.max(0, Math.min(255, v)));
    }
    return new RgbImage(image.width(), image.height(), out);
  }

  /**
   * The region {@code [x1, x2) x [y1, y2)} of {@code src} (which may run past the border; outside
   * pixels repeat the edge) resampled to {@code w x h} by area averaging, so shrinking loses detail
   * the way a camera's larger pixels do instead of aliasing.
   */
  public static RgbImage cropResize(RgbImage src, double x1, double y1, double x2, double y2, int w, int h) {
    if (w < 1 || h < 1 || !(x2 > x1) || !(y2 > y1)) {
      throw new IllegalArgumentException(
          "bad crop [" + x1 + "," + x2 + ")x[" + y1 + "," + y2 + ") to " + w + "x" + h);
    }
    double sx = (x2 - x1) / w;
    double sy = (y2 - y1) / h;
    // Horizontal pass into rows of the source, then vertical.
    int rows = src.height();
    double[] horizontal = new double[rows * w * 3];
    for (int y = 0; y < rows; y++) {
      for (int ox = 0; ox < w; ox++) {
        double a = x1 + ox * sx;
        double b = a + sx;
        accumulate(src, y, a, b, horizontal, (y * w + ox) * 3);
      }
    }
    byte[] out = new byte[w * h * 3];
    for (int oy = 0; oy < h; oy++) {
      double a = y1 + oy * sy;
      double b = a + sy;
      for (int ox = 0; ox < w; ox++) {
        double r = 0, g = 0, bl = 0, total = 0;
        for (int y = (int) Math.floor(a); y < b; y++) {
          double cover = Math.min(b, y + 1) - Math.max(a, y);
          if (cover <= 0) {
            continue;
          }
          int row = Math.max(0, Math.min(rows - 1, y));
          int o = (row * w + ox) * 3;
          r += cover * horizontal[o];
          g += cover * horizontal[o + 1];
          bl += cover * horizontal[o + 2];
          total += cover;
        }
        int p = (oy * w + ox) * 3;
        out[p] = clampByte(r / total);
        out[p + 1] = clampByte(g / total);
        out[p + 2] = clampByte(bl / total);
      }
    }
    return new RgbImage(w, h, out);
  }

  /** The area-weighted mean of row {@code y} over {@code [a, b)}, into {@code out[o..o+2]}. */
  private static void accumulate(RgbImage src, int y, double a, double b, double[] out, int o) {
    double r = 0, g = 0, bl = 0, total = 0;
    byte[] px = src.pixels();
    int width = src.width();
    for (int x = (int) Math.floor(a); x < b; x++) {
      double cover = Math.min(b, x + 1) - Math.max(a, x);
      if (cover <= 0) {
        continue;
      }
      int col = Math.max(0, Math.min(width - 1, x));
      int p = (y * width + col) * 3;
      r += cover * (px[p] & 0xff);
      g += cover * (px[p + 1] & 0xff);
      bl += cover * (px[p + 2] & 0xff);
      total += cover;
    }
    out[o] = r / total;
    out[o + 1] = g / total;
    out[o + 2] = bl / total;
  }

  /** Rec. 601 luma in all three channels. */
  public static RgbImage gray(RgbImage src) {
    byte[] px = src.pixels().clone();
    for (int i = 0; i < px.length; i += 3) {
      byte l = clampByte(0.299 * (px[i] & 0xff) + 0.587 * (px[i + 1] & 0xff) + 0.114 * (px[i + 2] & 0xff));
      px[i] = px[i + 1] = px[i + 2] = l;
    }
    return new RgbImage(src.width(), src.height(), px);
  }

  /**
   * A dim exposure: linear light scaled by {@code gain} (sRGB approximated as gamma 2.2), then
   * sensor noise, shot noise growing with the signal and a constant read noise, both in 8-bit units
   * of the dim image, drawn per pixel and channel.
   */
  public static RgbImage dim(RgbImage src, double gain, double readNoise, double shotNoise, SplittableRandom random) {
    byte[] px = src.pixels().clone();
    for (int i = 0; i < px.length; i++) {
      double linear = Math.pow((px[i] & 0xff) / 255.0, 2.2) * gain;
      double v = 255 * Math.pow(linear, 1 / 2.2);
      double sd = Math.sqrt(readNoise * readNoise + shotNoise * shotNoise * v / 255);
      px[i] = clampByte(v + sd * gaussian(random));
    }
    return new RgbImage(src.width(), src.height(), px);
  }

  /** Defocus: a Gaussian blur of standard deviation {@code sigma} pixels, separable. */
  private static RgbImage gaussianBlur(RgbImage src, double sigma) {
    int radius = (int) Math.ceil(3 * sigma);
    double[] k = new double[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      k[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
      sum += k[i + radius];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    return convolve1d(convolve1d(src, k, 1, 0), k, 0, 1);
  }

  /** Motion blur: the mean of {@code length} samples along a line at {@code angle} radians. */
  public static RgbImage motionBlur(RgbImage src, int length, double angle) {
    int w = src.width();
    int h = src.height();
    byte[] in = src.pixels();
    byte[] out = new byte[in.length];
    double dx = Math.cos(angle);
    double dy = Math.sin(angle);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double r = 0, g = 0, b = 0;
        for (int s = 0; s < length; s++) {
          double t = s - (length - 1) / 2.0;
          int sx = Math.max(0, Math.min(w - 1, (int) Math.round(x + t * dx)));
          int sy = Math.max(0, Math.min(h - 1, (int) Math.round(y + t * dy)));
          int p = (sy * w + sx) * 3;
          r += in[p] & 0xff;
          g += in[p + 1] & 0xff;
          b += in[p + 2] & 0xff;
        }
        int o = (y * w + x) * 3;
        out[o] = clampByte(r / length);
        out[o + 1] = clampByte(g / length);
        out[o + 2] = clampByte(b / length);
      }
    }
    return new RgbImage(w, h, out);
  }

  private static RgbImage convolve1d(RgbImage src, double[] k, int stepX, int stepY) {
    int w = src.width();
    int h = src.height();
    int radius = k.length / 2;
    byte[] in = src.pixels();
    byte[] out = new byte[in.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double r = 0, g = 0, b = 0;
        for (int i = -radius; i <= radius; i++) {
          int sx = Math.max(0, Math.min(w - 1, x + i * stepX));
          int sy = Math.max(0, Math.min(h - 1, y + i * stepY));
          int p = (sy * w + sx) * 3;
          double kv = k[i + radius];
          r += kv * (in[p] & 0xff);
          g += kv * (in[p + 1] & 0xff);
          b += kv * (in[p + 2] & 0xff);
        }
        int o = (y * w + x) * 3;
        out[o] = clampByte(r);
        out[o + 1] = clampByte(g);
        out[o + 2] = clampByte(b);
      }
    }
    return new RgbImage(w, h, out);
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; one of the pair is enough here.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static byte clampByte(double v) {
    return (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
  }
}
