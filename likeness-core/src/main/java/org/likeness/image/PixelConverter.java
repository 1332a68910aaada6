package org.likeness.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;

/**
 * Copies a decoded {@link BufferedImage} into an {@link RgbImage} in one pass over its backing
 * array, without {@code getRGB} per pixel.
 *
 * <p>Grayscale samples are copied to R, G and B unchanged: Java would treat them as linear light
 * and brighten them, but image files store them gamma-encoded like RGB. Transparent pixels are
 * composited over white, the background a viewer would show. Layouts without a fast path (for
 * example 5-6-5 BMPs or images tagged with a non-sRGB ICC profile) are drawn onto a white RGB
 * canvas by Java2D, which also converts their colour space.
 */
final class PixelConverter {
  private PixelConverter() {}

  /** The image's pixels as interleaved 8-bit RGB, alpha composited over white. */
  static RgbImage toRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
    ColorModel cm = image.getColorModel();
    WritableRaster raster = image.getRaster();
    SampleModel sm = raster.getSampleModel();
    if (cm instanceof IndexColorModel icm) {
      fromIndexed(icm, raster, out);
    } else if (cm instanceof ComponentColorModel
        && isSrgbOrGray(cm)
        && sm instanceof ComponentSampleModel csm
        && isSingleBank(csm)) {
      if (raster.getDataBuffer() instanceof DataBufferByte bytes && hasComponentBits(cm, 8)) {
        fromInterleavedBytes(cm, csm, raster, bytes, out);
      } else if (isIntegral(sm.getDataType())) {
        fromIntegralComponents(cm, raster, out);
      } else {
        fromDrawing(image, out);
      }
    } else if (cm instanceof DirectColorModel
        && cm.getColorSpace().isCS_sRGB()
        && sm instanceof SinglePixelPackedSampleModel spp
        && raster.getDataBuffer() instanceof DataBufferInt ints
        && hasComponentBits(cm, 8)) {
      fromPackedInts(cm, spp, raster, ints, out);
    } else {
      fromDrawing(image, out);
    }
    return new RgbImage(w, h, out);
  }

  private static boolean isSrgbOrGray(ColorModel cm) {
    ColorSpace cs = cm.getColorSpace();
    return (cs.isCS_sRGB() && cm.getNumColorComponents() == 3)
        || (cs.getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1);
  }

  private static boolean isSingleBank(ComponentSampleModel csm) {
    for (int bank : csm.getBankIndices()) {
      if (bank != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasComponentBits(ColorModel cm, int bits) {
    for (int size : cm.getComponentSize()) {
      if (size != bits) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIntegral(int dataType) {
    return dataType == DataBuffer.TYPE_BYTE
        || dataType == DataBuffer.TYPE_USHORT
        || dataType == DataBuffer.TYPE_INT;
  }

  /** TYPE_3BYTE_BGR, TYPE_4BYTE_ABGR, TYPE_BYTE_GRAY and their custom cousins. */
  private static void fromInterleavedBytes(
      ColorModel cm,
      ComponentSampleModel csm,
      WritableRaster raster,
      DataBufferByte buffer,
      byte[] out) {
    byte[] data = buffer.getData(0);
    int w = raster.getWidth();
    int h = raster.getHeight();
    int pixelStride = csm.getPixelStride();
    int scanlineStride = csm.getScanlineStride();
    int[] bandOffsets = csm.getBandOffsets();
    int origin =
        buffer.getOffset()
            - raster.getSampleModelTranslateY() * scanlineStride
            - raster.getSampleModelTranslateX() * pixelStride;
    boolean gray = cm.getNumColorComponents() == 1;
    int oR = bandOffsets[0];
    int oG = gray ? oR : bandOffsets[1];
    int oB = gray ? oR : bandOffsets[2];
    int o = 0;
    if (!cm.hasAlpha()) {
      for (int y = 0; y < h; y++) {
        int p = origin + y * scanlineStride;
        for (int x = 0; x < w; x++, p += pixelStride, o += 3) {
          out[o] = data[p + oR];
          out[o + 1] = data[p + oG];
          out[o + 2] = data[p + oB];
        }
      }
      return;
    }
    int oA = bandOffsets[cm.getNumColorComponents()];
    boolean premultiplied = cm.isAlphaPremultiplied();
    for (int y = 0; y < h; y++) {
      int p = origin + y * scanlineStride;
      for (int x = 0; x < w; x++, p += pixelStride, o += 3) {
        int a = data[p + oA] & 0xFF;
        if (a == 255) {
          out[o] = data[p + oR];
          out[o + 1] = data[p + oG];
          out[o + 2] = data[p + oB];
        } else {
          out[o] = (byte) overWhite(data[p + oR] & 0xFF, a, premultiplied);
          out[o + 1] = (byte) overWhite(data[p + oG] & 0xFF, a, premultiplied);
          out[o + 2] = (byte) overWhite(data[p + oB] & 0xFF, a, premultiplied);
        }
      }
    }
  }

  /** TYPE_INT_RGB, TYPE_INT_ARGB and friends, with 8 bits per component at any bit position. */
  private static void fromPackedInts(
      ColorModel cm,
      SinglePixelPackedSampleModel spp,
      WritableRaster raster,
      DataBufferInt buffer,
      byte[] out) {
    int[] data = buffer.getData(0);
    int w = raster.getWidth();
    int h = raster.getHeight();
    int scanlineStride = spp.getScanlineStride();
    int origin =
        buffer.getOffset()
            - raster.getSampleModelTranslateY() * scanlineStride
            - raster.getSampleModelTranslateX();
    int[] shifts = spp.getBitOffsets();
    int sR = shifts[0];
    int sG = shifts[1];
    int sB = shifts[2];
    boolean hasAlpha = cm.hasAlpha();
    int sA = hasAlpha ? shifts[3] : 0;
    boolean premultiplied = cm.isAlphaPremultiplied();
    int o = 0;
    for (int y = 0; y < h; y++) {
      int p = origin + y * scanlineStride;
      for (int x = 0; x < w; x++, p++, o += 3) {
        int px = data[p];
        int r = (px >>> sR) & 0xFF;
        int g = (px >>> sG) & 0xFF;
        int b = (px >>> sB) & 0xFF;
        int a = hasAlpha ? (px >>> sA) & 0xFF : 255;
        if (a != 255) {
          r = overWhite(r, a, premultiplied);
          g = overWhite(g, a, premultiplied);
          b = overWhite(b, a, premultiplied);
        }
        out[o] = (byte) r;
        out[o + 1] = (byte) g;
        out[o + 2] = (byte) b;
      }
    }
  }

  /** 16-bit PNGs and PGMs, and any other sRGB or gray layout with integer samples, row by row. */
  private static void fromIntegralComponents(ColorModel cm, WritableRaster raster, byte[] out) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int bands = raster.getNumBands();
    long[] max = new long[bands];
    for (int b = 0; b < bands; b++) {
      max[b] = (1L << cm.getComponentSize(b)) - 1;
    }
    boolean gray = cm.getNumColorComponents() == 1;
    boolean hasAlpha = cm.hasAlpha();
    boolean premultiplied = cm.isAlphaPremultiplied();
    int alphaBand = cm.getNumColorComponents();
    int[] row = new int[w * bands];
    int o = 0;
    for (int y = 0; y < h; y++) {
      raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
      for (int x = 0, p = 0; x < w; x++, p += bands, o += 3) {
        int r = to8Bits(row[p], max[0]);
        int g = gray ? r : to8Bits(row[p + 1], max[1]);
        int b = gray ? r : to8Bits(row[p + 2], max[2]);
        if (hasAlpha) {
          int a = to8Bits(row[p + alphaBand], max[alphaBand]);
          if (a != 255) {
            r = overWhite(r, a, premultiplied);
            g = overWhite(g, a, premultiplied);
            b = overWhite(b, a, premultiplied);
          }
        }
        out[o] = (byte) r;
        out[o + 1] = (byte) g;
        out[o + 2] = (byte) b;
      }
    }
  }

  /** Palette images (GIF, palette PNG and BMP) of 1 to 16 bits per index, via a lookup table. */
  private static void fromIndexed(IndexColorModel icm, WritableRaster raster, byte[] out) {
    int entries = 1 << icm.getPixelSize();
    byte[] lut = new byte[entries * 3];
    for (int i = 0; i < entries; i++) {
      // Indices past the palette occur only in damaged files; show them black like libpng does.
      int argb = i < icm.getMapSize() ? icm.getRGB(i) : 0xFF000000;
      int a = argb >>> 24;
      lut[i * 3] = (byte) overWhite((argb >> 16) & 0xFF, a, false);
      lut[i * 3 + 1] = (byte) overWhite((argb >> 8) & 0xFF, a, false);
      lut[i * 3 + 2] = (byte) overWhite(argb & 0xFF, a, false);
    }
    int w = raster.getWidth();
    int h = raster.getHeight();
    int mask = entries - 1;
    int[] row = new int[w];
    int o = 0;
    for (int y = 0; y < h; y++) {
      raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
      for (int x = 0; x < w; x++, o += 3) {
        int l = (row[x] & mask) * 3;
        out[o] = lut[l];
        out[o + 1] = lut[l + 1];
        out[o + 2] = lut[l + 2];
      }
    }
  }

  /** Anything else: let Java2D convert it onto an opaque white BGR canvas, then copy that. */
  private static void fromDrawing(BufferedImage image, byte[] out) {
    BufferedImage canvas =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = canvas.createGraphics();
    try {
      g.drawImage(image, 0, 0, Color.WHITE, null);
    } finally {
      g.dispose();
    }
    WritableRaster raster = canvas.getRaster();
    fromInterleavedBytes(
        canvas.getColorModel(),
        (ComponentSampleModel) raster.getSampleModel(),
        raster,
        (DataBufferByte) raster.getDataBuffer(),
        out);
  }

  private static int to8Bits(int sample, long max) {
    return max == 255 ? sample : (int) (((sample & 0xFFFFFFFFL) * 255 + max / 2) / max);
  }

  /**
   * A colour component with alpha {@code a}, both 0..255, composited over white. A premultiplied
   * component already holds {@code c * a / 255}.
   */
  private static int overWhite(int c, int a, boolean premultiplied) {
    int inverse = 255 - a;
    if (premultiplied) {
      return Math.min(255, c + inverse);
    }
    int t = c * a + 255 * inverse + 128;
    return (t + (t >> 8)) >> 8;
  }
}
