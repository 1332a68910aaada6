package org.likeness.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.likeness.image.TestImages.BLUE;
import static org.likeness.image.TestImages.GREEN;
import static org.likeness.image.TestImages.HEIGHT;
import static org.likeness.image.TestImages.RED;
import static org.likeness.image.TestImages.WIDTH;
import static org.likeness.image.TestImages.YELLOW;
import static org.likeness.image.TestImages.assertQuadrants;
import static org.likeness.image.TestImages.quadrants;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Photos come out upright whatever EXIF orientation they were stored with. The stored image is
 * 64x32 with red, green, blue and yellow quadrants (top left, top right, bottom left, bottom
 * right).
 */
class ExifOrientationTest {
  private static final ImageLoader LOADER = new ImageLoader();
  private static final int LOSSY = 24;
  private static final byte[] STORED =
      TestImages.jpeg(quadrants(BufferedImage.TYPE_3BYTE_BGR, false), false);

  /**
   * Where each stored quadrant must appear once the orientation is applied (EXIF 2.32, tag 0x0112).
   */
  @ParameterizedTest(name = "orientation {0}")
  @CsvSource({
    // orientation, upright width, height, then colours top left, top right, bottom left, bottom
    // right
    "1, 64, 32, FF0000, 00FF00, 0000FF, FFFF00", // as stored
    "2, 64, 32, 00FF00, FF0000, FFFF00, 0000FF", // mirror left-right
    "3, 64, 32, FFFF00, 0000FF, 00FF00, FF0000", // rotate 180
    "4, 64, 32, 0000FF, FFFF00, FF0000, 00FF00", // mirror top-bottom
    "5, 32, 64, FF0000, 0000FF, 00FF00, FFFF00", // transpose
    "6, 32, 64, 0000FF, FF0000, FFFF00, 00FF00", // rotate 90 clockwise
    "7, 32, 64, FFFF00, 00FF00, 0000FF, FF0000", // transverse
    "8, 32, 64, 00FF00, FFFF00, FF0000, 0000FF", // rotate 90 counter-clockwise
  })
  void appliesJpegOrientation(
      int orientation, int width, int height, String tl, String tr, String bl, String br) {
    byte[] jpeg = TestImages.withExifOrientation(STORED, orientation);
    RgbImage image = LOADER.decode(jpeg, "phone-" + orientation + ".jpg");
    assertEquals(width, image.width());
    assertEquals(height, image.height());
    assertQuadrants(image, LOSSY, hex(tl), hex(tr), hex(bl), hex(br));
    assertEquals(new ImageInfo(ImageFormat.JPEG, width, height), LOADER.probe(jpeg, "probe"));
  }

  @Test
  void turnsPortraitPhonePhotoUpright() {
    // A phone held upright stores the scene sideways with orientation 6: what is stored at the
    // left edge is the top of the scene.
    RgbImage upright = LOADER.decode(TestImages.withExifOrientation(STORED, 6), "IMG_1234.jpg");
    assertEquals(HEIGHT, upright.width());
    assertEquals(WIDTH, upright.height());
    // Stored left column (red over blue, top to bottom) becomes the top row, right to left.
    TestImages.assertColour(upright, upright.width() - 4, 4, RED, LOSSY);
    TestImages.assertColour(upright, 4, 4, BLUE, LOSSY);
  }

  @ParameterizedTest(name = "orientation value {0}")
  @ValueSource(ints = {0, 9, 255})
  void leavesImageAsStoredForOrientationOutsideOneToEight(int value) {
    RgbImage image = LOADER.decode(TestImages.withExifOrientation(STORED, value), "odd.jpg");
    assertEquals(WIDTH, image.width());
    assertQuadrants(image, LOSSY, RED, GREEN, BLUE, YELLOW);
  }

  @Test
  void appliesPngExifChunkOrientation() {
    byte[] png = TestImages.encode(quadrants(BufferedImage.TYPE_3BYTE_BGR, false), "png");
    byte[] rotated =
        TestImages.withChunkAfterHeader(png, TestImages.pngChunk("eXIf", TestImages.exifTiff(6)));
    RgbImage image = LOADER.decode(rotated, "rotated.png");
    assertEquals(HEIGHT, image.width());
    assertQuadrants(image, 0, BLUE, RED, YELLOW, GREEN);
  }

  @Test
  void appliesWebpExifChunkOrientation() {
    RgbImage image = LOADER.decode(TestImages.resource("lossy-exif6.webp"), "lossy-exif6.webp");
    assertEquals(HEIGHT, image.width());
    assertEquals(WIDTH, image.height());
    assertQuadrants(image, LOSSY, BLUE, RED, YELLOW, GREEN);
  }

  @Test
  void readsOrientationFromTheFirstExifSegment() {
    // Editors that append a second APP1 leave the camera's first one authoritative.
    byte[] jpeg = TestImages.withExifOrientation(TestImages.withExifOrientation(STORED, 6), 1);
    RgbImage image = LOADER.decode(jpeg, "two-app1.jpg");
    assertEquals(WIDTH, image.width());
    assertQuadrants(image, LOSSY, RED, GREEN, BLUE, YELLOW);
  }

  private static int hex(String rgb) {
    return Integer.parseInt(rgb, 16);
  }
}
