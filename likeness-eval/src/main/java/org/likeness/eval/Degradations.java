package org.likeness.eval;

import java.util.Random;
import org.likeness.image.RgbImage;

/**
 * What a door camera does to a face, applied to a good photo: a smaller face, a soft lens, a dim
 * hall with sensor noise. Used to measure quality floors and to test them on real faces.
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
    double sx = (double) image.width() / w;
    double sy = (double) image.height() / h;
    byte[] in = image.pixels();
    byte[] out = new byte[w * h * 3];
    for (int oy = 0; oy < h; oy++) {
      double y0 = oy * sy;
      double y1 = y0 + sy;
      for (int ox = 0; ox < w; ox++) {
        double x0 = ox * sx;
        double x1 = x0 + sx;
        double[] acc = new double[3];
        double area = 0;
        for (int y = (int) y0; y < Math.min(image.height(), Math.ceil(y1)); y++) {
          double wy = Math.min(y1, y + 1) - Math.max(y0, y);
          for (int x = (int) x0; x < Math.min(image.width(), Math.ceil(x1)); x++) {
            double wgt = wy * (Math.min(x1, x + 1) - Math.max(x0, x));
            int i = (y * image.width() + x) * 3;
            for (int c = 0; c < 3; c++) {
              acc[c] += wgt * (in[i + c] & 0xFF);
            }
            area += wgt;
          }
        }
        for (int c = 0; c < 3; c++) {
          out[(oy * w + ox) * 3 + c] = (byte) Math.round(acc[c] / area);
        }
      }
    }
    return new RgbImage(w, h, out);
  }

  /** The photo through a Gaussian blur of {@code sigma} pixels (edges clamped): defocus or motion. */
  public static RgbImage blur(RgbImage image, double sigma) {
    if (!(sigma > 0)) {
      throw new IllegalArgumentException("blur sigma must be positive, got " + sigma);
    }
    int r = (int) Math.ceil(3 * sigma);
    double[] k = new double[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
      sum += k[i + r];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    int w = image.width();
    int h = image.height();
    double[] tmp = new double[w * h * 3];
    byte[] in = image.pixels();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          double s = 0;
          for (int i = -r; i <= r; i++) {
            int xx = Math.max(0, Math.min(w - 1, x + i));
            s += k[i + r] * (in[(y * w + xx) * 3 + c] & 0xFF);
          }
          tmp[(y * w + x) * 3 + c] = s;
        }
      }
    }
    byte[] out = new byte[in.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          double s = 0;
          for (int i = -r; i <= r; i++) {
            int yy = Math.max(0, Math.min(h - 1, y + i));
            s += k[i + r] * tmp[(yy * w + x) * 3 + c];
          }
          out[(y * w + x) * 3 + c] = (byte) Math.round(Math.max(0, Math.min(255, s)));
        }
      }
    }
    return new RgbImage(w, h, out);
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
}
