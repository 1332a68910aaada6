package org.likeness.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast copy paths agree with Java2D's own per-pixel colour conversion, composited over white,
 * for every standard BufferedImage layout, including sub-images that share a larger raster.
 */
class PixelConverterTest {
  private static final long SEED = 0x1F2E3D4CL;

  @ParameterizedTest(name = "BufferedImage type {0}")
  @ValueSource(
      ints = {
        BufferedImage.TYPE_INT_RGB,
        BufferedImage.TYPE_INT_ARGB,
        BufferedImage.TYPE_INT_ARGB_PRE,
        BufferedImage.TYPE_INT_BGR,
        BufferedImage.TYPE_3BYTE_BGR,
        BufferedImage.TYPE_4BYTE_ABGR,
        BufferedImage.TYPE_4BYTE_ABGR_PRE,
        BufferedImage.TYPE_USHORT_565_RGB,
        BufferedImage.TYPE_USHORT_555_RGB,
        BufferedImage.TYPE_BYTE_BINARY,
        BufferedImage.TYPE_BYTE_INDEXED,
      })
  void matchesJava2dOnColourLayouts(int type) {
    BufferedImage image = randomImage(type, 37, 23, new Random(SEED + type));
    assertMatchesJava2d(image, type);
    assertMatchesJava2d(image.getSubimage(5, 3, 20, 11), type);
  }

  @ParameterizedTest(name = "BufferedImage type {0}")
  @ValueSource(ints = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY})
  void copiesGraySamplesToAllChannels(int type) {
    BufferedImage image = new BufferedImage(9, 4, type);
    WritableRaster raster = image.getRaster();
    int max = type == BufferedImage.TYPE_BYTE_GRAY ? 255 : 65535;
    Random random = new Random(SEED + type);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 9; x++) {
        raster.setSample(x, y, 0, random.nextInt(max + 1));
      }
    }
    RgbImage rgb = PixelConverter.toRgb(image.getSubimage(1, 1, 7, 3));
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 7; x++) {
        int expected = (int) Math.round(raster.getSample(x + 1, y + 1, 0) * 255.0 / max);
        for (int c = 0; c < 3; c++) {
          assertEquals(
              expected, rgb.channel(x, y, c), "seed " + (SEED + type) + " pixel " + x + "," + y);
        }
      }
    }
  }

  @Test
  void compositesGrayWithAlphaOverWhite() {
    ColorModel grayAlpha =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_GRAY),
            true,
            false,
            Transparency.TRANSLUCENT,
            DataBuffer.TYPE_BYTE);
    WritableRaster raster = grayAlpha.createCompatibleWritableRaster(3, 1);
    raster.setPixels(0, 0, 3, 1, new int[] {0, 255, 0, 0, 100, 128});
    RgbImage rgb = PixelConverter.toRgb(new BufferedImage(grayAlpha, raster, false, null));
    assertEquals(0, rgb.channel(0, 0, 0)); // opaque black
    assertEquals(255, rgb.channel(1, 0, 1)); // fully transparent: white
    assertEquals(177, rgb.channel(2, 0, 2)); // (100 * 128 + 255 * 127) / 255 = 177.2
  }

  private static void assertMatchesJava2d(BufferedImage image, int type) {
    RgbImage rgb = PixelConverter.toRgb(image);
    assertEquals(image.getWidth(), rgb.width());
    assertEquals(image.getHeight(), rgb.height());
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int argb = image.getRGB(x, y);
        int a = argb >>> 24;
        for (int c = 0; c < 3; c++) {
          int component = (argb >> (16 - 8 * c)) & 0xFF;
          double expected = (component * a + 255.0 * (255 - a)) / 255.0;
          int actual = rgb.channel(x, y, c);
          // Premultiplied layouts lose precision in Java2D's un-premultiply, hence 2 not 1.
          assertTrue(
              Math.abs(actual - expected) <= 2,
              String.format(
                  "type %d seed %d pixel (%d,%d) channel %d: %d, Java2D says %.1f",
                  type, SEED + type, x, y, c, actual, expected));
        }
      }
    }
  }

  private static BufferedImage randomImage(int type, int width, int height, Random random) {
    BufferedImage image = new BufferedImage(width, height, type);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int alpha = random.nextInt(4) == 0 ? random.nextInt(256) : 255;
        image.setRGB(x, y, alpha << 24 | random.nextInt(1 << 24));
      }
    }
    return image;
  }
}
