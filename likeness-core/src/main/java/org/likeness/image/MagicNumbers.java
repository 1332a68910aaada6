package org.likeness.image;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Recognises an image format from the first bytes of a file, the way {@code file(1)} does, so that
 * a PNG named {@code .jpg} decodes and a text file named {@code .jpg} is refused as not an image.
 */
final class MagicNumbers {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final byte[] JPEG_XL_CONTAINER = {
    0, 0, 0, 0x0C, 'J', 'X', 'L', ' ', '\r', '\n', (byte) 0x87, '\n'
  };
  private static final byte[] JPEG_2000_CONTAINER = {
    0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', '\r', '\n', (byte) 0x87, '\n'
  };

  private MagicNumbers() {}

  /** The format {@link ImageLoader} decodes that these bytes start with, if any. */
  static Optional<ImageFormat> decodable(byte[] b) {
    if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(ImageFormat.JPEG);
    }
    if (startsWith(b, 0, PNG_SIGNATURE)) {
      return Optional.of(ImageFormat.PNG);
    }
    if (startsWithAscii(b, 0, "GIF87a") || startsWithAscii(b, 0, "GIF89a")) {
      return Optional.of(ImageFormat.GIF);
    }
    if (startsWithAscii(b, 0, "RIFF") && startsWithAscii(b, 8, "WEBP")) {
      return Optional.of(ImageFormat.WEBP);
    }
    if (isBmp(b)) {
      return Optional.of(ImageFormat.BMP);
    }
    if (b.length >= 3 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6' && isPnmSeparator(b[2])) {
      return Optional.of(ImageFormat.PNM);
    }
    return Optional.empty();
  }

  /**
   * The name of a well-known image format these bytes start with that {@link ImageLoader} does not
   * decode, so the user learns to convert the file rather than that it is "not an image".
   */
  static Optional<String> knownButUnsupported(byte[] b) {
    if (startsWith(b, 0, 'I', 'I', 42, 0) || startsWith(b, 0, 'M', 'M', 0, 42)) {
      return Optional.of("TIFF");
    }
    if (startsWithAscii(b, 4, "ftyp") && b.length >= 12) {
      String brand = new String(b, 8, 4, StandardCharsets.US_ASCII);
      switch (brand) {
        case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1":
          return Optional.of("HEIC/HEIF");
        case "avif", "avis":
          return Optional.of("AVIF");
        default:
          return Optional.empty();
      }
    }
    if (startsWith(b, 0, 0xFF, 0x0A) || startsWith(b, 0, JPEG_XL_CONTAINER)) {
      return Optional.of("JPEG XL");
    }
    if (startsWith(b, 0, JPEG_2000_CONTAINER) || startsWith(b, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
      return Optional.of("JPEG 2000");
    }
    if (startsWithAscii(b, 0, "8BPS")) {
      return Optional.of("Photoshop PSD");
    }
    if (b.length >= 3 && b[0] == 'P' && b[1] == '7' && isPnmSeparator(b[2])) {
      return Optional.of("PAM (P7)");
    }
    return Optional.empty();
  }

  /**
   * The first bytes as printable text for an error message: ASCII as is, everything else as {@code
   * \xNN}, at most 12 bytes.
   */
  static String describeStart(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(12, b.length); i++) {
      int c = b[i] & 0xFF;
      if (c >= 0x20 && c < 0x7F && c != '\\' && c != '\'') {
        s.append((char) c);
      } else {
        s.append(String.format("\\x%02X", c));
      }
    }
    return s.toString();
  }

  /** "BM" alone is too common in text, so also require a known DIB header size at offset 14. */
  private static boolean isBmp(byte[] b) {
    if (b.length < 18 || b[0] != 'B' || b[1] != 'M') {
      return false;
    }
    int dibSize =
        (b[14] & 0xFF) | (b[15] & 0xFF) << 8 | (b[16] & 0xFF) << 16 | (b[17] & 0xFF) << 24;
    return switch (dibSize) {
      case 12, 16, 40, 52, 56, 64, 108, 124 -> true;
      default -> false;
    };
  }

  private static boolean isPnmSeparator(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '#';
  }

  private static boolean startsWith(byte[] b, int offset, int... expected) {
    if (b.length < offset + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((b[offset + i] & 0xFF) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] b, int offset, byte[] expected) {
    if (b.length < offset + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (b[offset + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWithAscii(byte[] b, int offset, String expected) {
    return startsWith(b, offset, expected.getBytes(StandardCharsets.US_ASCII));
  }
}
