package org.likeness.bench.train;

import java.awt.image.BufferedImage;
import org.likeness.image.ImageLoader;
import org.likeness.image.JpegWriter;
import org.likeness.image.RgbImage;

/**
 * Degrades an aligned face chip the way a cheap door camera sees a face: grayscale, only {@value
 * #SIDE}x{@value #SIDE} pixels across the face (box-filtered down, bilinear back up to the chip's
 * size), then saved as a JPEG at quality {@value #JPEG_QUALITY}. Applied to the aligned chip, not the
 * whole photo, so detection and alignment stay as on clean photos and only the embedder's input
 * changes: the part a head on the embedder can adapt to.
 */
public final class DoorCamera {
  /** Pixels across the face after downsampling. */
  public static final int SIDE = 32;
  /** JPEG quality, 0-100. */
  public static final int JPEG_QUALITY = 30;
  /** Names this degradation in caches and provenance. */
  public static final String DESCRIPTION = "door camera: gray, " + SIDE + "x" + SIDE + " chip, bilinear up, JPEG q" + JPEG_QUALITY;

  private static final ImageLoader LOADER = new ImageLoader();

  private DoorCamera() {}

  /** The degraded chip, same size as {@code chip}, RGB with equal channels. */
  public static RgbImage degrade(RgbImage chip) {
    int w = chip.width();
    int h = chip.height();
    // Grayscale (Rec. 601 luma), box-filtered down to SIDE x SIDE.
    double[] small = new double[SIDE * SIDE];
    double[] weight = new double[SIDE * SIDE];
    for (int y = 0; y < h; y++) {
      int sy = Math.min(SIDE - 1, y * SIDE / h);
      for (int x = 0; x < w; x++) {
        int sx = Math.min(SIDE - 1, x * SIDE / w);
        double luma = 0.299 * chip.channel(x, y, 0) + 0.587 * chip.channel(x, y, 1) + 0.114 * chip.channel(x, y, 2);
        small[sy * SIDE + sx] += luma;
        weight[sy * SIDE + sx] += 1;
      }
    }
    for (int i = 0; i < small.length; i++) {
      small[i] /= weight[i];
    }
    // Bilinear back up, sampling at pixel centres.
    BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    byte[] g = ((java.awt.image.DataBufferByte) gray.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < h; y++) {
      double fy = Math.max(0, Math.min(SIDE - 1, (y + 0.5) * SIDE / h - 0.5));
      int y0 = (int) fy;
      int y1 = Math.min(SIDE - 1, y0 + 1);
      double ty = fy - y0;
      for (int x = 0; x < w; x++) {
        double fx = Math.max(0, Math.min(SIDE - 1, (x + 0.5) * SIDE / w - 0.5));
        int x0 = (int) fx;
        int x1 = Math.min(SIDE - 1, x0 + 1);
        double tx = fx - x0;
        double v = (1 - ty) * ((1 - tx) * small[y0 * SIDE + x0] + tx * small[y0 * SIDE + x1])
            + ty * ((1 - tx) * small[y1 * SIDE + x0] + tx * small[y1 * SIDE + x1]);
        g[y * w + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
      }
    }
    return LOADER.decode(jpeg(gray), "door-camera chip");
  }

  private static byte[] jpeg(BufferedImage image) {
    return JpegWriter.encode(image, JPEG_QUALITY);
  }
}
