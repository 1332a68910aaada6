package org.likeness.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Orientation moves every pixel exactly where the EXIF specification puts it. */
class ImageOpsTest {
  /**
   * A 3x2 image whose pixel (x, y) has red = 10 * x + y, so each output pixel tells which stored
   * pixel it came from: 0 1 2 / 10 11 12 written as rows of "red".
   */
  private static final RgbImage STORED = labelled(3, 2);

  @Test
  void leavesNormalOrientationUntouched() {
    assertSame(STORED, ImageOps.orient(STORED, ExifOrientation.NORMAL));
  }

  @Test
  void movesEachPixelWhereTheSpecificationSays() {
    // Rows of the upright image, each entry the stored (x, y) encoded as 10 * x + y.
    assertLabels(ExifOrientation.MIRROR_HORIZONTAL, new int[][] {{20, 10, 0}, {21, 11, 1}});
    assertLabels(ExifOrientation.ROTATE_180, new int[][] {{21, 11, 1}, {20, 10, 0}});
    assertLabels(ExifOrientation.MIRROR_VERTICAL, new int[][] {{1, 11, 21}, {0, 10, 20}});
    assertLabels(ExifOrientation.TRANSPOSE, new int[][] {{0, 1}, {10, 11}, {20, 21}});
    assertLabels(ExifOrientation.ROTATE_90_CW, new int[][] {{1, 0}, {11, 10}, {21, 20}});
    assertLabels(ExifOrientation.TRANSVERSE, new int[][] {{21, 20}, {11, 10}, {1, 0}});
    assertLabels(ExifOrientation.ROTATE_90_CCW, new int[][] {{20, 21}, {10, 11}, {0, 1}});
  }

  @ParameterizedTest
  @EnumSource(ExifOrientation.class)
  void keepsAllThreeChannelsOfEveryPixel(ExifOrientation orientation) {
    long seed = 20240601L + orientation.ordinal();
    Random random = new Random(seed);
    byte[] pixels = new byte[7 * 5 * 3];
    random.nextBytes(pixels);
    RgbImage image = ImageOps.orient(new RgbImage(7, 5, pixels), orientation);
    // Each output pixel must be some stored pixel, channels kept together: compare the multisets.
    assertArrayEquals(sortedPixels(pixels), sortedPixels(image.pixels()), "seed " + seed);
  }

  @Test
  void rotatingClockwiseFourTimesGivesTheStoredImage() {
    RgbImage image = STORED;
    for (int i = 0; i < 4; i++) {
      image = ImageOps.orient(image, ExifOrientation.ROTATE_90_CW);
    }
    assertEquals(STORED, image);
  }

  private static void assertLabels(ExifOrientation orientation, int[][] rows) {
    RgbImage image = ImageOps.orient(STORED, orientation);
    assertEquals(rows[0].length, image.width(), orientation + " width");
    assertEquals(rows.length, image.height(), orientation + " height");
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < rows[y].length; x++) {
        assertEquals(rows[y][x], image.channel(x, y, 0), orientation + " pixel " + x + "," + y);
        assertEquals(
            rows[y][x] + 100, image.channel(x, y, 1), orientation + " green " + x + "," + y);
        assertEquals(
            rows[y][x] + 150, image.channel(x, y, 2), orientation + " blue " + x + "," + y);
      }
    }
  }

  private static RgbImage labelled(int width, int height) {
    byte[] pixels = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = (y * width + x) * 3;
        pixels[i] = (byte) (10 * x + y);
        pixels[i + 1] = (byte) (10 * x + y + 100);
        pixels[i + 2] = (byte) (10 * x + y + 150);
      }
    }
    return new RgbImage(width, height, pixels);
  }

  private static int[] sortedPixels(byte[] pixels) {
    int[] packed = new int[pixels.length / 3];
    for (int i = 0; i < packed.length; i++) {
      packed[i] =
          (pixels[3 * i] & 0xFF) << 16
              | (pixels[3 * i + 1] & 0xFF) << 8
              | (pixels[3 * i + 2] & 0xFF);
    }
    java.util.Arrays.sort(packed);
    return packed;
  }
}
