package org.likeness.onnx;

import org.likeness.align.Affine;
import org.likeness.align.Warp;
import org.likeness.image.RgbImage;
import org.likeness.models.TensorLayout;

/** Pre-processing shared by the ONNX models: resizing and packing pixels into float tensors. */
final class Tensors {
  private Tensors() {}

  /**
   * Writes {@code img} into {@code dst} at {@code offset} as {@code (pixel - mean[c]) / std[c]} in
   * the given layout.
   */
  static void packRgb(RgbImage img, TensorLayout layout, float[] mean, float[] std, float[] dst, int offset) {
    byte[] p = img.pixels();
    int plane = img.width() * img.height();
    float[] inv = {1f / std[0], 1f / std[1], 1f / std[2]};
    if (layout == TensorLayout.NHWC) {
      for (int i = 0; i < plane * 3; i += 3) {
        dst[offset + i] = ((p[i] & 0xFF) - mean[0]) * inv[0];
        dst[offset + i + 1] = ((p[i + 1] & 0xFF) - mean[1]) * inv[1];
        dst[offset + i + 2] = ((p[i + 2] & 0xFF) - mean[2]) * inv[2];
      }
    } else {
      for (int i = 0; i < plane; i++) {
        dst[offset + i] = ((p[i * 3] & 0xFF) - mean[0]) * inv[0];
        dst[offset + plane + i] = ((p[i * 3 + 1] & 0xFF) - mean[1]) * inv[1];
        dst[offset + 2 * plane + i] = ((p[i * 3 + 2] & 0xFF) - mean[2]) * inv[2];
      }
    }
  }

  /** Writes the luma of {@code img} (BT.601 weights) as {@code (y - mean) / std}. */
  static void packGray(RgbImage img, float mean, float std, float[] dst, int offset) {
    byte[] p = img.pixels();
    int plane = img.width() * img.height();
    for (int i = 0; i < plane; i++) {
      float y = 0.299f * (p[i * 3] & 0xFF) + 0.587f * (p[i * 3 + 1] & 0xFF) + 0.114f * (p[i * 3 + 2] & 0xFF);
      dst[offset + i] = (y - mean) / std;
    }
  }

  /**
   * Resizes the region {@code (x, y, w, h)} of {@code img} to {@code outW x outH}, box-filtering
   * first when the region shrinks by 2x or more so the bilinear step does not alias.
   */
  static RgbImage resizeRegion(RgbImage img, double x, double y, double w, double h, int outW, int outH) {
    int factor = (int) Math.floor(Math.min(w / outW, h / outH));
    RgbImage src = img;
    if (factor >= 2) {
      src = Warp.boxShrink(img, factor);
      x /= factor;
      y /= factor;
      w /= factor;
      h /= factor;
    }
    Affine regionToOut = Affine.scaling(x, y, w, h, outW, outH);
    return Warp.warp(src, regionToOut.inverse(), outW, outH);
  }
}
