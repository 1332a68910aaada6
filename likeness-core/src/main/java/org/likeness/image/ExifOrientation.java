package org.likeness.image;

import com.drew.lang.ByteArrayReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.util.OptionalInt;

/**
 * The EXIF orientation tag (0x0112): how the stored pixels must be turned to show the scene
 * upright. Phones store portrait photos sideways and set this tag instead of rotating the pixels.
 */
enum ExifOrientation {
  /** 1: stored upright. */
  NORMAL(false),
  /** 2: stored mirrored left to right. */
  MIRROR_HORIZONTAL(false),
  /** 3: stored upside down; show it rotated 180 degrees. */
  ROTATE_180(false),
  /** 4: stored mirrored top to bottom. */
  MIRROR_VERTICAL(false),
  /** 5: stored transposed; show it mirrored across the top-left to bottom-right diagonal. */
  TRANSPOSE(true),
  /** 6: show it rotated 90 degrees clockwise (a phone held upright, home button at the bottom). */
  ROTATE_90_CW(true),
  /** 7: stored transversed; show it mirrored across the top-right to bottom-left diagonal. */
  TRANSVERSE(true),
  /** 8: show it rotated 90 degrees counter-clockwise. */
  ROTATE_90_CCW(true);

  private static final byte[] EXIF_PREAMBLE = {'E', 'x', 'i', 'f', 0, 0};

  private final boolean swapsAxes;

  ExifOrientation(boolean swapsAxes) {
    this.swapsAxes = swapsAxes;
  }

  /** Whether the upright image is the stored one's height wide and width high. */
  boolean swapsAxes() {
    return swapsAxes;
  }

  /**
   * The orientation for an EXIF tag value. Values outside 1..8, which some software writes, mean
   * "as stored", which is what browsers and libexif do with them.
   */
  static ExifOrientation ofTag(int value) {
    return value >= 1 && value <= 8 ? values()[value - 1] : NORMAL;
  }

  /**
   * Reads the orientation from the EXIF block of a JPEG (first APP1 "Exif" segment), PNG (eXIf
   * chunk) or WebP (EXIF chunk). The block is found by walking segment or chunk headers, and only
   * that block is parsed (by metadata-extractor), so the cost does not grow with the image.
   * Metadata that cannot be parsed leaves the image as stored: its pixels decoded, and refusing a
   * photo over a damaged EXIF block would be worse than showing it as stored.
   */
  static ExifOrientation read(ImageFormat format, byte[] bytes) {
    OptionalInt tiffStart =
        switch (format) {
          case JPEG -> jpegExif(bytes);
          case PNG -> pngExif(bytes);
          case WEBP -> webpExif(bytes);
          case BMP, GIF, PNM -> OptionalInt.empty();
        };
    if (tiffStart.isEmpty()) {
      return NORMAL;
    }
    try {
      Metadata metadata = new Metadata();
      new ExifReader().extract(new ByteArrayReader(bytes, tiffStart.getAsInt()), metadata);
      ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
      if (ifd0 == null || !ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
        return NORMAL;
      }
      Integer value = ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
      return value == null ? NORMAL : ofTag(value);
    } catch (RuntimeException unparseableExif) {
      return NORMAL;
    }
  }

  /** JPEG: SOI, then segments (FF, marker, 2-byte length including itself) up to the scan. */
  private static OptionalInt jpegExif(byte[] b) {
    int p = 2;
    while (p + 4 <= b.length && (b[p] & 0xFF) == 0xFF) {
      int marker = b[p + 1] & 0xFF;
      if (marker == 0xFF) { // fill byte
        p++;
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) { // start of scan, end of image: no more metadata
        break;
      }
      int length = (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
      if (marker == 0xE1 && startsWith(b, p + 4, EXIF_PREAMBLE)) {
        return OptionalInt.of(p + 4 + EXIF_PREAMBLE.length);
      }
      p += 2 + length;
    }
    return OptionalInt.empty();
  }

  /** PNG: 8-byte signature, then chunks of 4-byte length, 4-byte type, data and 4-byte CRC. */
  private static OptionalInt pngExif(byte[] b) {
    long p = 8;
    while (p + 8 <= b.length) {
      int i = (int) p;
      if (startsWith(b, i + 4, new byte[] {'e', 'X', 'I', 'f'})) {
        return OptionalInt.of(i + 8);
      }
      if (startsWith(b, i + 4, new byte[] {'I', 'E', 'N', 'D'})) {
        break;
      }
      long length =
          ((b[i] & 0xFFL) << 24)
              | (b[i + 1] & 0xFF) << 16
              | (b[i + 2] & 0xFF) << 8
              | (b[i + 3] & 0xFF);
      p += 12 + length;
    }
    return OptionalInt.empty();
  }

  /**
   * WebP: "RIFF", size, "WEBP", then chunks of 4-byte type, little-endian 4-byte size and data
   * padded to even length. Some writers start the EXIF chunk with JPEG's "Exif\0\0" preamble.
   */
  private static OptionalInt webpExif(byte[] b) {
    long p = 12;
    while (p + 8 <= b.length) {
      int i = (int) p;
      long size =
          (b[i + 4] & 0xFF)
              | (b[i + 5] & 0xFF) << 8
              | (b[i + 6] & 0xFF) << 16
              | (b[i + 7] & 0xFFL) << 24;
      if (startsWith(b, i, new byte[] {'E', 'X', 'I', 'F'})) {
        int data = i + 8;
        return OptionalInt.of(
            startsWith(b, data, EXIF_PREAMBLE) ? data + EXIF_PREAMBLE.length : data);
      }
      p += 8 + size + (size & 1);
    }
    return OptionalInt.empty();
  }

  private static boolean startsWith(byte[] b, int offset, byte[] expected) {
    if (offset < 0 || b.length - offset < expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (b[offset + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
