package org.likeness.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.likeness.image.TestImages.ascii;
import static org.likeness.image.TestImages.quadrants;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.error.BadInputException;
import org.likeness.image.ImageDecodeException.Reason;

/** Each way an image can be unusable gives its own reason and a message naming file and problem. */
class ImageLoaderErrorsTest {
  private static final ImageLoader LOADER = new ImageLoader();

  @TempDir Path dir;

  @Test
  void refusesMissingFile() {
    Path missing = dir.resolve("nobody.jpg");
    ImageDecodeException e = expect(Reason.MISSING, () -> LOADER.load(missing));
    assertEquals(missing + ": no such file", e.getMessage());
  }

  @Test
  void refusesDirectory() {
    ImageDecodeException e = expect(Reason.NOT_A_FILE, () -> LOADER.load(dir));
    assertEquals(dir + ": is a directory, not an image file", e.getMessage());
  }

  @Test
  void refusesUnreadableFile() throws Exception {
    Path locked = TestImages.write(dir, "locked.png", TestImages.encode(noisy(), "png"));
    boolean permissionsApply =
        locked.toFile().setReadable(false, false) && !Files.isReadable(locked);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        permissionsApply, "file permissions do not stop this user (root?) from reading");
    ImageDecodeException e = expect(Reason.UNREADABLE, () -> LOADER.load(locked));
    assertEquals(locked + ": cannot be read (permission denied)", e.getMessage());
  }

  @Test
  void refusesEmptyFile() {
    Path empty = TestImages.write(dir, "empty.jpg", new byte[0]);
    ImageDecodeException e = expect(Reason.EMPTY, () -> LOADER.load(empty));
    assertEquals(empty + ": is empty (0 bytes)", e.getMessage());
  }

  @Test
  void refusesTextFileNamedJpg() {
    Path text = TestImages.write(dir, "notes.jpg", ascii("Hello, this is not a photo.\n"));
    ImageDecodeException e = expect(Reason.NOT_AN_IMAGE, () -> LOADER.load(text));
    assertTrue(
        e.getMessage()
            .startsWith(
                text + ": is not an image: its first bytes 'Hello, this ' match no image format"),
        e.getMessage());
  }

  @Test
  void refusesTextStartingWithBmpMagic() {
    ImageDecodeException e =
        expect(
            Reason.NOT_AN_IMAGE,
            () -> LOADER.decode(ascii("BMW owners club minutes, 2024"), "minutes.bmp"));
    assertTrue(e.getMessage().startsWith("minutes.bmp: is not an image"), e.getMessage());
  }

  @Test
  void refusesRealJpegCutInHalf() throws Exception {
    byte[] whole = Files.readAllBytes(TestImages.aaronEckhart());
    Path half = TestImages.write(dir, "half.jpg", Arrays.copyOf(whole, whole.length / 2));
    ImageDecodeException e = expect(Reason.TRUNCATED, () -> LOADER.load(half));
    assertTrue(e.getMessage().startsWith(half + ": JPEG is truncated"), e.getMessage());
  }

  @Test
  void refusesJpegMissingOnlyItsEndMarker() throws Exception {
    byte[] whole = Files.readAllBytes(TestImages.aaronEckhart());
    byte[] noEoi = Arrays.copyOf(whole, whole.length - 2);
    ImageDecodeException e = expect(Reason.TRUNCATED, () -> LOADER.decode(noEoi, "upload.jpg"));
    assertTrue(e.getMessage().startsWith("upload.jpg: JPEG is truncated"), e.getMessage());
  }

  @Test
  void refusesTruncatedProgressiveJpeg() {
    BufferedImage photo = new BufferedImage(256, 256, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 256; y++) {
      for (int x = 0; x < 256; x++) {
        photo.setRGB(x, y, (x * 7 ^ y * 13) & 0xFFFFFF | x << 16);
      }
    }
    byte[] whole = TestImages.jpeg(photo, true);
    byte[] cut = Arrays.copyOf(whole, whole.length * 3 / 4);
    expect(Reason.TRUNCATED, () -> LOADER.decode(cut, "progressive.jpg"));
  }

  @Test
  void refusesTruncatedPng() {
    byte[] whole = TestImages.encode(noisy(), "png");
    byte[] cut = Arrays.copyOf(whole, whole.length / 2);
    ImageDecodeException e = expect(Reason.TRUNCATED, () -> LOADER.decode(cut, "cut.png"));
    assertTrue(e.getMessage().startsWith("cut.png: PNG is truncated"), e.getMessage());
  }

  @Test
  void refusesTruncatedGifBmpAndPpm() {
    for (String format : new String[] {"gif", "bmp"}) {
      byte[] whole = TestImages.encode(quadrants(BufferedImage.TYPE_BYTE_INDEXED, false), format);
      byte[] cut = Arrays.copyOf(whole, whole.length * 3 / 4);
      expect(Reason.TRUNCATED, () -> LOADER.decode(cut, "cut." + format));
    }
    byte[] ppm = TestImages.concat(ascii("P6 2 2 255\n"), new byte[] {1, 2, 3, 4, 5, 6});
    expect(Reason.TRUNCATED, () -> LOADER.decode(ppm, "cut.ppm"));
  }

  @Test
  void refusesTruncatedWebp() {
    byte[] whole = TestImages.resource("lossy.webp");
    byte[] cut = Arrays.copyOf(whole, whole.length / 2);
    ImageDecodeException e =
        assertThrows(ImageDecodeException.class, () -> LOADER.decode(cut, "cut.webp"));
    assertTrue(e.getMessage().startsWith("cut.webp: WebP is "), e.getMessage());
  }

  @Test
  void refusesPngBombBeforeAllocatingPixels() {
    byte[] bomb = TestImages.pngHeaderOnly(100_000, 100_000);
    Path file = TestImages.write(dir, "bomb.png", bomb);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();

    ImageDecodeException e = expect(Reason.TOO_MANY_PIXELS, () -> LOADER.load(file));

    long millis = (System.nanoTime() - start) / 1_000_000;
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals(
        file
            + ": PNG header declares 100000x100000 = 10000000000 pixels, above the limit of"
            + " 50000000",
        e.getMessage());
    assertTrue(allocated < 16 << 20, "refusing the bomb allocated " + allocated + " bytes");
    assertTrue(millis < 2_000, "refusing the bomb took " + millis + " ms");
  }

  @Test
  void refusesJpegWhoseFrameHeaderDeclaresTooManyPixels() {
    byte[] jpeg = TestImages.jpeg(quadrants(BufferedImage.TYPE_3BYTE_BGR, false), false);
    // SOF0: FF C0, length (2), precision (1), height (2), width (2)
    int sof = indexOf(jpeg, (byte) 0xFF, (byte) 0xC0);
    jpeg[sof + 5] = (byte) 0xEA; // height 60000
    jpeg[sof + 6] = (byte) 0x60;
    jpeg[sof + 7] = (byte) 0xEA; // width 60000
    jpeg[sof + 8] = (byte) 0x60;
    ImageDecodeException e = expect(Reason.TOO_MANY_PIXELS, () -> LOADER.decode(jpeg, "huge.jpg"));
    assertTrue(
        e.getMessage().startsWith("huge.jpg: JPEG header declares 60000x60000 = 3600000000 pixels"),
        e.getMessage());
  }

  @Test
  void probeReportsSizeOfImageTooLargeToDecode() {
    ImageInfo info = LOADER.probe(TestImages.pngHeaderOnly(100_000, 100_000), "bomb.png");
    assertEquals(new ImageInfo(ImageFormat.PNG, 100_000, 100_000), info);
  }

  @Test
  void honoursConfiguredPixelLimit() {
    ImageLoader strict = new ImageLoader(new ImageLimits(1000, ImageLimits.DEFAULT_MAX_BYTES));
    byte[] png = TestImages.encode(quadrants(BufferedImage.TYPE_3BYTE_BGR, false), "png");
    ImageDecodeException e = expect(Reason.TOO_MANY_PIXELS, () -> strict.decode(png, "q.png"));
    assertEquals(
        "q.png: PNG header declares 64x32 = 2048 pixels, above the limit of 1000", e.getMessage());
  }

  @Test
  void refusesFileAboveByteLimitBeforeReadingIt() {
    ImageLoader strict = new ImageLoader(new ImageLimits(ImageLimits.DEFAULT_MAX_PIXELS, 100));
    Path big = TestImages.write(dir, "big.png", TestImages.encode(noisy(), "png"));
    ImageDecodeException e = expect(Reason.TOO_MANY_BYTES, () -> strict.load(big));
    assertTrue(
        e.getMessage().matches(".*big\\.png: is \\d+ bytes, above the limit of 100 bytes"),
        e.getMessage());
    expect(Reason.TOO_MANY_BYTES, () -> strict.decode(new byte[101], "upload"));
  }

  @Test
  void refusesTiffAsUnsupportedFormat() {
    byte[] tiff = TestImages.encode(quadrants(BufferedImage.TYPE_3BYTE_BGR, false), "tiff");
    ImageDecodeException e =
        expect(Reason.UNSUPPORTED_FORMAT, () -> LOADER.decode(tiff, "scan.tif"));
    assertTrue(
        e.getMessage().startsWith("scan.tif: is in TIFF format, which Likeness does not decode"),
        e.getMessage());
  }

  @Test
  void refusesHeicAsUnsupportedFormat() {
    byte[] heic = TestImages.concat(new byte[] {0, 0, 0, 0x18}, ascii("ftypheic\0\0\0\0mif1heic"));
    ImageDecodeException e =
        expect(Reason.UNSUPPORTED_FORMAT, () -> LOADER.decode(heic, "IMG_0001.HEIC"));
    assertTrue(e.getMessage().startsWith("IMG_0001.HEIC: is in HEIC/HEIF format"), e.getMessage());
  }

  @Test
  void refusesImageWithDamagedHeaderAsCorrupt() {
    byte[] png = TestImages.encode(quadrants(BufferedImage.TYPE_3BYTE_BGR, false), "png");
    png[16 + 8] = 3; // IHDR bit depth 3 does not exist
    ImageDecodeException e = expect(Reason.CORRUPT, () -> LOADER.decode(png, "odd.png"));
    assertTrue(e.getMessage().startsWith("odd.png: PNG is corrupt ("), e.getMessage());
  }

  @Test
  void decodeErrorsAreBadInput() {
    assertThrows(BadInputException.class, () -> LOADER.decode(new byte[0], "x"));
  }

  @Test
  void limitsRejectValuesOutsideTheirRange() {
    IllegalArgumentException pixels =
        assertThrows(IllegalArgumentException.class, () -> new ImageLimits(0, 10));
    assertTrue(pixels.getMessage().endsWith("got 0"), pixels.getMessage());
    IllegalArgumentException bytes =
        assertThrows(IllegalArgumentException.class, () -> new ImageLimits(10, -5));
    assertTrue(bytes.getMessage().endsWith("got -5"), bytes.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ImageLimits(1L << 40, 10));
  }

  private static ImageDecodeException expect(Reason reason, Executable call) {
    ImageDecodeException e = assertThrows(ImageDecodeException.class, call);
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "message spans lines: " + e.getMessage());
    return e;
  }

  /** Random pixels, so the PNG does not compress to almost nothing. */
  private static BufferedImage noisy() {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
    java.util.Random random = new java.util.Random(42);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }

  private static int indexOf(byte[] data, byte first, byte second) {
    for (int i = 0; i + 1 < data.length; i++) {
      if (data[i] == first && data[i + 1] == second) {
        return i;
      }
    }
    throw new AssertionError("marker not found");
  }
}
