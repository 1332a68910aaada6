package org.likeness.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.likeness.image.TestImages.BLUE;
import static org.likeness.image.TestImages.GREEN;
import static org.likeness.image.TestImages.HEIGHT;
import static org.likeness.image.TestImages.RED;
import static org.likeness.image.TestImages.WHITE;
import static org.likeness.image.TestImages.WIDTH;
import static org.likeness.image.TestImages.YELLOW;
import static org.likeness.image.TestImages.ascii;
import static org.likeness.image.TestImages.assertColour;
import static org.likeness.image.TestImages.assertQuadrants;
import static org.likeness.image.TestImages.concat;
import static org.likeness.image.TestImages.encode;
import static org.likeness.image.TestImages.quadrants;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every supported format and pixel layout decodes to the right size and colours. */
class ImageLoaderFormatsTest {
  private static final ImageLoader LOADER = new ImageLoader();

  /**
   * JPEG and lossy WebP shift pure colours a little, mostly at quadrant edges; centres stay close.
   */
  private static final int LOSSY = 24;

  @Test
  void decodesRealLfwPhotoTo250x250MatchingImageIo() throws Exception {
    Path photo = TestImages.aaronEckhart();
    RgbImage image = LOADER.load(photo);

    assertEquals(250, image.width());
    assertEquals(250, image.height());
    BufferedImage reference = ImageIO.read(photo.toFile());
    for (int y = 0; y < 250; y += 7) {
      for (int x = 0; x < 250; x += 7) {
        assertEquals(
            reference.getRGB(x, y) & 0xFFFFFF,
            TestImages.rgbAt(image, x, y),
            "pixel " + x + "," + y);
      }
    }
    long sum = 0;
    long sumSquares = 0;
    for (byte b : image.pixels()) {
      sum += b & 0xFF;
      sumSquares += (b & 0xFF) * (b & 0xFF);
    }
    double n = image.pixels().length;
    double mean = sum / n;
    double std = Math.sqrt(sumSquares / n - mean * mean);
    assertTrue(
        mean > 40 && mean < 200, "mean brightness " + mean + " is implausible for a face photo");
    assertTrue(std > 20, "brightness spread " + std + " is implausibly flat for a face photo");
  }

  @Test
  void decodesBaselineJpeg() {
    RgbImage image =
        LOADER.decode(
            TestImages.jpeg(quadrants(BufferedImage.TYPE_3BYTE_BGR, false), false), "q.jpg");
    assertEquals(WIDTH, image.width());
    assertEquals(HEIGHT, image.height());
    assertQuadrants(image, LOSSY, RED, GREEN, BLUE, YELLOW);
  }

  @Test
  void decodesProgressiveJpeg() {
    RgbImage image =
        LOADER.decode(
            TestImages.jpeg(quadrants(BufferedImage.TYPE_3BYTE_BGR, false), true), "p.jpg");
    assertQuadrants(image, LOSSY, RED, GREEN, BLUE, YELLOW);
  }

  @Test
  void decodesGrayscaleJpegWithEqualChannels() {
    BufferedImage gray = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = gray.getRaster();
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        raster.setSample(x, y, 0, x < WIDTH / 2 ? 60 : 200);
      }
    }
    RgbImage image = LOADER.decode(TestImages.jpeg(gray, false), "gray.jpg");
    assertColour(image, WIDTH / 4, HEIGHT / 2, 0x3C3C3C, 3);
    assertColour(image, 3 * WIDTH / 4, HEIGHT / 2, 0xC8C8C8, 3);
    assertAllGray(image);
  }

  @Test
  void decodesAdobeCmykJpeg() {
    RgbImage image = LOADER.decode(TestImages.adobeJpeg(false), "cmyk.jpg");
    assertEquals(WIDTH, image.width());
    // CMYK to RGB goes through a print profile, so pure inks come out less saturated.
    assertDominant(image, WIDTH / 4, HEIGHT / 4, RED);
    assertDominant(image, 3 * WIDTH / 4, HEIGHT / 4, GREEN);
    assertDominant(image, WIDTH / 4, 3 * HEIGHT / 4, BLUE);
    assertDominant(image, 3 * WIDTH / 4, 3 * HEIGHT / 4, YELLOW);
  }

  @Test
  void decodesAdobeYcckJpeg() {
    RgbImage image = LOADER.decode(TestImages.adobeJpeg(true), "ycck.jpg");
    assertDominant(image, WIDTH / 4, HEIGHT / 4, RED);
    assertDominant(image, 3 * WIDTH / 4, HEIGHT / 4, GREEN);
    assertDominant(image, WIDTH / 4, 3 * HEIGHT / 4, BLUE);
    assertDominant(image, 3 * WIDTH / 4, 3 * HEIGHT / 4, YELLOW);
  }

  @ParameterizedTest(name = "BufferedImage type {0}")
  @ValueSource(
      ints = {
        BufferedImage.TYPE_3BYTE_BGR,
        BufferedImage.TYPE_INT_RGB,
        BufferedImage.TYPE_BYTE_INDEXED,
      })
  void decodesOpaquePngBmpAndGifExactly(int type) {
    for (String format : new String[] {"png", "bmp", "gif"}) {
      RgbImage image = LOADER.decode(encode(quadrants(type, false), format), "q." + format);
      assertEquals(WIDTH, image.width(), format);
      assertEquals(HEIGHT, image.height(), format);
      assertQuadrants(image, 0, RED, GREEN, BLUE, YELLOW);
    }
  }

  @Test
  void compositesPngAlphaOverWhite() {
    BufferedImage argb = quadrants(BufferedImage.TYPE_INT_ARGB, true);
    argb.setRGB(0, 0, 0x80FF0000); // half-transparent red
    RgbImage image = LOADER.decode(encode(argb, "png"), "alpha.png");
    assertQuadrants(image, 0, RED, GREEN, BLUE, WHITE);
    assertColour(image, 0, 0, 0xFF7F7F, 1);
  }

  @Test
  void compositesPaletteTransparencyOverWhite() {
    byte[] r = {(byte) 255, 0, 0, 0};
    byte[] g = {0, (byte) 255, 0, 0};
    byte[] b = {0, 0, (byte) 255, 0};
    IndexColorModel palette = new IndexColorModel(2, 4, r, g, b, 3); // index 3 transparent
    BufferedImage indexed =
        new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_BINARY, palette);
    WritableRaster raster = indexed.getRaster();
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        raster.setSample(x, y, 0, (y < HEIGHT / 2 ? 0 : 2) + (x < WIDTH / 2 ? 0 : 1));
      }
    }
    for (String format : new String[] {"png", "gif"}) {
      RgbImage image = LOADER.decode(encode(indexed, format), "palette." + format);
      assertQuadrants(image, 0, RED, GREEN, BLUE, WHITE);
    }
  }

  @Test
  void decodesGrayPngWithEqualChannels() {
    BufferedImage gray = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setPixels(0, 0, 4, 1, new int[] {0, 50, 128, 255});
    RgbImage image = LOADER.decode(encode(gray, "png"), "gray.png");
    // Samples are copied, not run through Java's linear-gray colour space (which would brighten
    // 50).
    assertEquals(0x000000, TestImages.rgbAt(image, 0, 0));
    assertEquals(0x323232, TestImages.rgbAt(image, 1, 0));
    assertEquals(0x808080, TestImages.rgbAt(image, 2, 0));
    assertEquals(0xFFFFFF, TestImages.rgbAt(image, 3, 0));
  }

  @Test
  void roundsSixteenBitPngSamplesToEightBits() {
    ColorModel rgb16 =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_USHORT);
    WritableRaster raster = rgb16.createCompatibleWritableRaster(2, 1);
    raster.setPixel(0, 0, new int[] {65535, 32896, 0}); // 32896 = 128 * 257
    raster.setPixel(1, 0, new int[] {257 * 10, 257 * 200, 65535});
    BufferedImage image16 = new BufferedImage(rgb16, raster, false, null);
    RgbImage image = LOADER.decode(encode(image16, "png"), "deep.png");
    assertEquals(0xFF8000, TestImages.rgbAt(image, 0, 0));
    assertEquals(0x0AC8FF, TestImages.rgbAt(image, 1, 0));

    BufferedImage gray16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
    gray16.getRaster().setPixels(0, 0, 2, 1, new int[] {257 * 50, 65535});
    RgbImage gray = LOADER.decode(encode(gray16, "png"), "deep-gray.png");
    assertEquals(0x323232, TestImages.rgbAt(gray, 0, 0));
    assertEquals(0xFFFFFF, TestImages.rgbAt(gray, 1, 0));
  }

  @Test
  void decodesSixteenBitBmp() {
    RgbImage image =
        LOADER.decode(
            encode(quadrants(BufferedImage.TYPE_USHORT_565_RGB, false), "bmp"), "565.bmp");
    assertQuadrants(image, 0, RED, GREEN, BLUE, YELLOW);
  }

  @Test
  void decodesFirstFrameOfAnimatedGif() throws Exception {
    BufferedImage first = quadrants(BufferedImage.TYPE_BYTE_INDEXED, false);
    BufferedImage second = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_INDEXED);
    Graphics2D g = second.createGraphics();
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.dispose();
    var writer = ImageIO.getImageWritersByFormatName("gif").next();
    var out = new java.io.ByteArrayOutputStream();
    try (var stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.prepareWriteSequence(null);
      writer.writeToSequence(new javax.imageio.IIOImage(first, null, null), null);
      writer.writeToSequence(new javax.imageio.IIOImage(second, null, null), null);
      writer.endWriteSequence();
    }
    RgbImage image = LOADER.decode(out.toByteArray(), "animated.gif");
    assertQuadrants(image, 0, RED, GREEN, BLUE, YELLOW);
  }

  @Test
  void decodesSimpleLossyWebp() {
    RgbImage image = LOADER.decode(TestImages.resource("lossy.webp"), "lossy.webp");
    assertEquals(WIDTH, image.width());
    assertEquals(HEIGHT, image.height());
    assertQuadrants(image, LOSSY, RED, GREEN, BLUE, YELLOW);
  }

  @Test
  void compositesLossyWebpAlphaOverWhite() {
    RgbImage image = LOADER.decode(TestImages.resource("lossy-alpha.webp"), "lossy-alpha.webp");
    assertQuadrants(image, LOSSY, RED, GREEN, BLUE, WHITE);
  }

  @Test
  void decodesLosslessWebpExactly() {
    RgbImage image = LOADER.decode(TestImages.resource("lossless.webp"), "lossless.webp");
    assertQuadrants(image, 0, RED, GREEN, BLUE, YELLOW);
    RgbImage alpha =
        LOADER.decode(TestImages.resource("lossless-alpha.webp"), "lossless-alpha.webp");
    assertQuadrants(alpha, 0, RED, GREEN, BLUE, WHITE);
  }

  @Test
  void decodesAsciiAndBinaryPgm() {
    RgbImage p2 = LOADER.decode(ascii("P2\n# a comment\n3 1\n255\n0 100 255\n"), "a.pgm");
    RgbImage p5 =
        LOADER.decode(concat(ascii("P5 3 1 255\n"), new byte[] {0, 100, (byte) 255}), "b.pgm");
    for (RgbImage image : new RgbImage[] {p2, p5}) {
      assertEquals(3, image.width());
      assertEquals(0x000000, TestImages.rgbAt(image, 0, 0));
      assertEquals(0x646464, TestImages.rgbAt(image, 1, 0));
      assertEquals(0xFFFFFF, TestImages.rgbAt(image, 2, 0));
    }
  }

  @Test
  void scalesPgmMaxvalTo255() {
    RgbImage fifteen = LOADER.decode(ascii("P2 3 1 15 0 5 15\n"), "small.pgm");
    assertEquals(0x000000, TestImages.rgbAt(fifteen, 0, 0));
    assertEquals(0x555555, TestImages.rgbAt(fifteen, 1, 0));
    assertEquals(0xFFFFFF, TestImages.rgbAt(fifteen, 2, 0));
    RgbImage sixteenBit =
        LOADER.decode(
            concat(ascii("P5 2 1 65535\n"), new byte[] {0x32, 0x32, (byte) 0xFF, (byte) 0xFF}),
            "deep.pgm");
    assertEquals(0x323232, TestImages.rgbAt(sixteenBit, 0, 0));
    assertEquals(0xFFFFFF, TestImages.rgbAt(sixteenBit, 1, 0));
  }

  @Test
  void decodesAsciiAndBinaryPpm() {
    RgbImage p3 = LOADER.decode(ascii("P3\n2 1\n255\n255 0 0  10 20 30\n"), "a.ppm");
    RgbImage p6 =
        LOADER.decode(
            concat(ascii("P6 2 1 255\n"), new byte[] {(byte) 255, 0, 0, 10, 20, 30}), "b.ppm");
    for (RgbImage image : new RgbImage[] {p3, p6}) {
      assertEquals(0xFF0000, TestImages.rgbAt(image, 0, 0));
      assertEquals(0x0A141E, TestImages.rgbAt(image, 1, 0));
    }
  }

  @Test
  void recognisesFormatByContentNotByName(@TempDir Path dir) {
    byte[] png = encode(quadrants(BufferedImage.TYPE_3BYTE_BGR, false), "png");
    Path misnamed = TestImages.write(dir, "holiday.jpg", png);
    assertQuadrants(LOADER.load(misnamed), 0, RED, GREEN, BLUE, YELLOW);
    assertEquals(ImageFormat.PNG, LOADER.probe(misnamed).format());
  }

  @Test
  void probeReadsFormatAndSizeWithoutDecoding() throws Exception {
    ImageInfo info = LOADER.probe(TestImages.aaronEckhart());
    assertEquals(new ImageInfo(ImageFormat.JPEG, 250, 250), info);
    assertEquals(
        new ImageInfo(ImageFormat.WEBP, WIDTH, HEIGHT),
        LOADER.probe(TestImages.resource("lossless.webp"), "w"));
    assertEquals(ImageFormat.PNM, LOADER.probe(ascii("P2 3 1 15 0 5 15\n"), "p").format());
    assertTrue(Files.size(TestImages.aaronEckhart()) > 0);
  }

  @Test
  void oneLoaderDecodesCorrectlyFromManyThreadsAtOnce() throws Exception {
    byte[] jpeg = Files.readAllBytes(TestImages.aaronEckhart());
    byte[] webp = TestImages.resource("lossy-exif6.webp");
    RgbImage expectedJpeg = LOADER.decode(jpeg, "a");
    RgbImage expectedWebp = LOADER.decode(webp, "b");
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 64; i++) {
        boolean even = i % 2 == 0;
        results.add(
            pool.submit(
                () ->
                    even
                        ? LOADER.decode(jpeg, "a").equals(expectedJpeg)
                        : LOADER.decode(webp, "b").equals(expectedWebp)));
      }
      for (java.util.concurrent.Future<Boolean> result : results) {
        assertTrue(result.get(), "a concurrent decode differed from the single-threaded one");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertAllGray(RgbImage image) {
    byte[] p = image.pixels();
    for (int i = 0; i < p.length; i += 3) {
      assertTrue(p[i] == p[i + 1] && p[i] == p[i + 2], "pixel " + i / 3 + " is not gray");
    }
  }

  /**
   * Asserts each channel that is full in {@code expected} is high (above 150) and each that is
   * empty is low (below 110): the colour is recognisable even after a CMYK profile conversion.
   */
  private static void assertDominant(RgbImage image, int x, int y, int expected) {
    int actual = TestImages.rgbAt(image, x, y);
    for (int shift = 16; shift >= 0; shift -= 8) {
      int a = (actual >> shift) & 0xFF;
      boolean full = ((expected >> shift) & 0xFF) == 255;
      assertTrue(
          full ? a > 150 : a < 110,
          String.format("pixel (%d,%d) is %06X, not recognisably %06X", x, y, actual, expected));
    }
  }
}
