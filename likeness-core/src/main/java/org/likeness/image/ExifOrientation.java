package org.likeness.image;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.jpeg.JpegProcessingException;
import com.drew.imaging.png.PngMetadataReader;
import com.drew.imaging.png.PngProcessingException;
import com.drew.imaging.riff.RiffProcessingException;
import com.drew.imaging.webp.WebpMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

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
   * Reads the orientation from a JPEG's APP1 segment, a PNG's eXIf chunk or a WebP's EXIF chunk.
   * PNG and WebP are only handed to metadata-extractor when a cheap scan finds an EXIF chunk, since
   * few have one. Metadata that cannot be parsed leaves the image as stored: the pixels decoded,
   * and refusing a photo over a damaged EXIF block would be worse than showing it as stored.
   */
  static ExifOrientation read(ImageFormat format, byte[] bytes) {
    try {
      Metadata metadata =
          switch (format) {
            case JPEG -> JpegMetadataReader.readMetadata(
                new ByteArrayInputStream(bytes), List.of(new ExifReader()));
            case PNG -> hasPngExifChunk(bytes)
                ? PngMetadataReader.readMetadata(new ByteArrayInputStream(bytes))
                : null;
            case WEBP -> hasWebpExifFlag(bytes)
                ? WebpMetadataReader.readMetadata(new ByteArrayInputStream(bytes))
                : null;
            case BMP, GIF, PNM -> null;
          };
      if (metadata == null) {
        return NORMAL;
      }
      ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
      if (ifd0 == null || !ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
        return NORMAL;
      }
      Integer value = ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
      return value == null ? NORMAL : ofTag(value);
    } catch (IOException
        | JpegProcessingException
        | PngProcessingException
        | RiffProcessingException
        | RuntimeException unreadableMetadata) {
      return NORMAL;
    }
  }

  /** Walks the PNG chunk headers (8-byte signature, then length, type, data, CRC) for eXIf. */
  private static boolean hasPngExifChunk(byte[] b) {
    long pos = 8;
    while (pos + 8 <= b.length) {
      int p = (int) pos;
      long length = readInt(b, p) & 0xFFFFFFFFL;
      if (b[p + 4] == 'e' && b[p + 5] == 'X' && b[p + 6] == 'I' && b[p + 7] == 'f') {
        return true;
      }
      if (b[p + 4] == 'I' && b[p + 5] == 'E' && b[p + 6] == 'N' && b[p + 7] == 'D') {
        return false;
      }
      pos += 12 + length;
    }
    return false;
  }

  /** An extended WebP ("VP8X" first chunk) says in its flags byte whether it carries EXIF. */
  private static boolean hasWebpExifFlag(byte[] b) {
    return b.length > 20
        && b[12] == 'V'
        && b[13] == 'P'
        && b[14] == '8'
        && b[15] == 'X'
        && (b[20] & 0x08) != 0;
  }

  private static int readInt(byte[] b, int p) {
    return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
  }
}
