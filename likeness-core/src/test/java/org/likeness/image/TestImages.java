package org.likeness.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Builds the test images: a 64x32 pattern of four coloured quadrants in every format ImageIO can
 * write, plus hand-made byte sequences (EXIF segments, PNG chunks) that ImageIO cannot produce.
 */
final class TestImages {
  static final int WIDTH = 64;
  static final int HEIGHT = 32;
  static final int RED = 0xFF0000;
  static final int GREEN = 0x00FF00;
  static final int BLUE = 0x0000FF;
  static final int YELLOW = 0xFFFF00;
  static final int WHITE = 0xFFFFFF;

  private TestImages() {}

  /**
   * Red top left, green top right, blue bottom left, yellow bottom right; with {@code
   * transparentCorner} the bottom right is fully transparent instead.
   */
  static BufferedImage quadrants(int type, boolean transparentCorner) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, type);
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        boolean top = y < HEIGHT / 2;
        boolean left = x < WIDTH / 2;
        int argb =
            top
                ? 0xFF000000 | (left ? RED : GREEN)
                : left ? 0xFF000000 | BLUE : transparentCorner ? 0 : 0xFF000000 | YELLOW;
        image.setRGB(x, y, argb);
      }
    }
    return image;
  }

  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException(
            "no ImageIO writer for " + format + " and type " + image.getType());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] jpeg(BufferedImage image, boolean progressive) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.95f);
    if (progressive) {
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    }
    return write(writer, new IIOImage(image, null, null), param);
  }

  /**
   * A JPEG of the quadrants stored as 4-channel Adobe CMYK ({@code ycck == false}, transform 0) or
   * YCCK (transform 2), the way Photoshop saves print images. Adobe stores CMYK inverted (255 = no
   * ink); YCCK stores the inverted C, M, Y as YCbCr, and K inverted.
   */
  static byte[] adobeJpeg(boolean ycck) {
    WritableRaster raster =
        Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, WIDTH, HEIGHT, 4, null);
    BufferedImage pattern = quadrants(BufferedImage.TYPE_INT_RGB, false);
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int rgb = pattern.getRGB(x, y);
        // Ink amounts for pure colours: cyan = 255 - red, and so on, no black ink.
        int c = 255 - ((rgb >> 16) & 0xFF);
        int m = 255 - ((rgb >> 8) & 0xFF);
        int ye = 255 - (rgb & 0xFF);
        int[] samples;
        if (ycck) {
          samples =
              new int[] {
                clamp(0.299 * c + 0.587 * m + 0.114 * ye),
                clamp(128 - 0.168736 * c - 0.331264 * m + 0.5 * ye),
                clamp(128 + 0.5 * c - 0.418688 * m - 0.081312 * ye),
                255
              };
        } else {
          samples = new int[] {255 - c, 255 - m, 255 - ye, 255};
        }
        raster.setPixel(x, y, samples);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageTypeSpecifier cmykType =
        ImageTypeSpecifier.createInterleaved(
            new PlaceholderCmykSpace(), new int[] {0, 1, 2, 3}, DataBuffer.TYPE_BYTE, false, false);
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.95f);
    IIOMetadata metadata = writer.getDefaultImageMetadata(cmykType, param);
    String format = "javax_imageio_jpeg_image_1.0";
    IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
    IIOMetadataNode adobe = (IIOMetadataNode) root.getElementsByTagName("app14Adobe").item(0);
    adobe.setAttribute("transform", ycck ? "2" : "0");
    try {
      metadata.setFromTree(format, root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return write(writer, new IIOImage(raster, null, metadata), param);
  }

  /** Only tells the JPEG writer "4-channel CMYK"; the writer never converts through it. */
  private static final class PlaceholderCmykSpace extends ColorSpace {
    private static final long serialVersionUID = 1L;

    PlaceholderCmykSpace() {
      super(ColorSpace.TYPE_CMYK, 4);
    }

    @Override
    public float[] toRGB(float[] value) {
      throw new UnsupportedOperationException("placeholder colour space");
    }

    @Override
    public float[] fromRGB(float[] value) {
      throw new UnsupportedOperationException("placeholder colour space");
    }

    @Override
    public float[] toCIEXYZ(float[] value) {
      throw new UnsupportedOperationException("placeholder colour space");
    }

    @Override
    public float[] fromCIEXYZ(float[] value) {
      throw new UnsupportedOperationException("placeholder colour space");
    }
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  private static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, image, param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /**
   * A big-endian TIFF block whose IFD0 holds one entry, Orientation (0x0112) = {@code value}: the
   * payload of a PNG eXIf chunk, and of a JPEG APP1 segment after "Exif\0\0".
   */
  static byte[] exifTiff(int value) {
    return ByteBuffer.allocate(26)
        .put(new byte[] {'M', 'M', 0, 42})
        .putInt(8) // offset of IFD0
        .putShort((short) 1) // one entry
        .putShort((short) 0x0112) // Orientation
        .putShort((short) 3) // SHORT
        .putInt(1) // one value
        .putShort((short) value)
        .putShort((short) 0) // padding of the 4-byte value field
        .putInt(0) // no IFD1
        .array();
  }

  /** The JPEG with an APP1 EXIF segment carrying {@code orientation} inserted after SOI. */
  static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = exifTiff(orientation);
    byte[] header = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
    int length = 2 + header.length + tiff.length;
    ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + length);
    out.put(jpeg, 0, 2); // SOI
    out.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(header).put(tiff);
    out.put(jpeg, 2, jpeg.length - 2);
    return out.array();
  }

  /** A PNG chunk: length, type, data, CRC-32 of type and data. */
  static byte[] pngChunk(String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    return ByteBuffer.allocate(12 + data.length)
        .putInt(data.length)
        .put(typeBytes)
        .put(data)
        .putInt((int) crc.getValue())
        .array();
  }

  /** The PNG with {@code chunk} inserted right after its IHDR chunk (8 + 25 bytes in). */
  static byte[] withChunkAfterHeader(byte[] png, byte[] chunk) {
    int afterIhdr = 8 + 25;
    return ByteBuffer.allocate(png.length + chunk.length)
        .put(png, 0, afterIhdr)
        .put(chunk)
        .put(png, afterIhdr, png.length - afterIhdr)
        .array();
  }

  /**
   * A PNG that is only a header: valid signature, an IHDR with valid CRC declaring {@code width x
   * height} 8-bit RGB, a tiny IDAT and IEND. A decoder that trusts it would allocate w*h*3 bytes.
   */
  static byte[] pngHeaderOnly(int width, int height) {
    byte[] ihdr =
        ByteBuffer.allocate(13)
            .putInt(width)
            .putInt(height)
            .put((byte) 8) // bit depth
            .put((byte) 2) // colour type RGB
            .put((byte) 0) // deflate
            .put((byte) 0) // adaptive filtering
            .put((byte) 0) // no interlace
            .array();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    out.writeBytes(pngChunk("IHDR", ihdr));
    out.writeBytes(
        pngChunk("IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}));
    out.writeBytes(pngChunk("IEND", new byte[0]));
    return out.toByteArray();
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] resource(String name) {
    try (InputStream in = TestImages.class.getResourceAsStream("/images/" + name)) {
      if (in == null) {
        throw new IllegalStateException("test resource /images/" + name + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The LFW root: system property {@code likeness.lfw} (set by surefire), else the repo default.
   */
  static Path lfwRoot() {
    return Path.of(System.getProperty("likeness.lfw", "../../shared/data/lfw"));
  }

  static Path aaronEckhart() {
    return lfwRoot().resolve("images_deepfunneled/Aaron_Eckhart/Aaron_Eckhart_0001.jpg");
  }

  static Path write(Path dir, String name, byte[] bytes) {
    try {
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int rgbAt(RgbImage image, int x, int y) {
    return image.channel(x, y, 0) << 16 | image.channel(x, y, 1) << 8 | image.channel(x, y, 2);
  }

  /** Asserts each channel of pixel (x, y) is within {@code tolerance} of {@code expected}. */
  static void assertColour(RgbImage image, int x, int y, int expected, int tolerance) {
    int actual = rgbAt(image, x, y);
    for (int shift = 16; shift >= 0; shift -= 8) {
      int a = (actual >> shift) & 0xFF;
      int e = (expected >> shift) & 0xFF;
      assertTrue(
          Math.abs(a - e) <= tolerance,
          String.format(
              "pixel (%d,%d) of %s is %06X, expected %06X within %d per channel",
              x, y, image, actual, expected, tolerance));
    }
  }

  /**
   * Asserts the four quadrant centres of a 64x32 quadrant image have the expected colours, listed
   * top left, top right, bottom left, bottom right.
   */
  static void assertQuadrants(RgbImage image, int tolerance, int tl, int tr, int bl, int br) {
    int w = image.width();
    int h = image.height();
    assertColour(image, w / 4, h / 4, tl, tolerance);
    assertColour(image, 3 * w / 4, h / 4, tr, tolerance);
    assertColour(image, w / 4, 3 * h / 4, bl, tolerance);
    assertColour(image, 3 * w / 4, 3 * h / 4, br, tolerance);
  }
}
