package org.likeness.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.likeness.image.RgbImage;

class WarpTest {
  private static final long SEED = 20261130L;

  /** The bilinear warp as first written: a bounds-checked sample per corner and channel. */
  private static RgbImage reference(RgbImage src, Affine m, int width, int height) {
    byte[] out = new byte[width * height * 3];
    int o = 0;
    for (int v = 0; v < height; v++) {
      for (int u = 0; u < width; u++, o += 3) {
        double x = m.a() * u + (m.b() * v + m.tx());
        double y = m.c() * u + (m.d() * v + m.ty());
        if (x <= -1 || y <= -1 || x >= src.width() || y >= src.height()) {
          continue;
        }
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float fx = (float) (x - x0);
        float fy = (float) (y - y0);
        for (int ch = 0; ch < 3; ch++) {
          float p00 = sample(src, x0, y0, ch);
          float p10 = sample(src, x0 + 1, y0, ch);
          float p01 = sample(src, x0, y0 + 1, ch);
          float p11 = sample(src, x0 + 1, y0 + 1, ch);
          float top = p00 + (p10 - p00) * fx;
          float bottom = p01 + (p11 - p01) * fx;
          out[o + ch] = (byte) Math.round(top + (bottom - top) * fy);
        }
      }
    }
    return new RgbImage(width, height, out);
  }

  private static float sample(RgbImage img, int x, int y, int ch) {
    return x < 0 || y < 0 || x >= img.width() || y >= img.height() ? 0 : img.channel(x, y, ch);
  }

  @Test
  void fastInteriorPathGivesExactlyTheBoundsCheckedResult() {
    Random rnd = new Random(SEED);
    for (int trial = 0; trial < 50; trial++) {
      int w = 5 + rnd.nextInt(60);
      int h = 5 + rnd.nextInt(60);
      byte[] px = new byte[w * h * 3];
      rnd.nextBytes(px);
      RgbImage src = new RgbImage(w, h, px);
      double angle = rnd.nextDouble() * 2 * Math.PI;
      double scale = 0.3 + rnd.nextDouble() * 2;
      Affine m = new Affine(scale * Math.cos(angle), -scale * Math.sin(angle), rnd.nextDouble() * w - w / 4.0,
          scale * Math.sin(angle), scale * Math.cos(angle), rnd.nextDouble() * h - h / 4.0);
      int ow = 1 + rnd.nextInt(50);
      int oh = 1 + rnd.nextInt(50);
      assertArrayEquals(reference(src, m, ow, oh).pixels(), Warp.warp(src, m, ow, oh).pixels(),
          "trial " + trial + " with seed " + SEED);
    }
  }
}
