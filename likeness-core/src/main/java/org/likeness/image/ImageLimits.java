package org.likeness.image;

/**
 * The largest input {@link ImageLoader} accepts, so that one hostile or absurd upload (a
 * decompression bomb, a 2 GB file) cannot exhaust the memory of a server decoding many images at
 * once.
 *
 * @param maxPixels the most pixels (width times height, read from the header before decoding) an
 *     image may have
 * @param maxBytes the most bytes an encoded image (a file or an upload) may have
 */
public record ImageLimits(long maxPixels, int maxBytes) {
  /**
   * 50 megapixels: above a 48 MP phone photo (8064x6048), below the ~60 MP where one decode needs
   * over half a gigabyte.
   */
  public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

  /** 50 MiB: larger than any ordinary photo, even a 48 MP JPEG at top quality. */
  public static final int DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

  /** The most pixels an {@link RgbImage} can hold: its byte array has 3 bytes per pixel. */
  static final long LARGEST_RGB_IMAGE = (Integer.MAX_VALUE - 8) / 3;

  /** The most bytes one Java array can hold, less one for the over-limit probe when reading. */
  static final int LARGEST_FILE = Integer.MAX_VALUE - 9;

  /** The defaults: {@value #DEFAULT_MAX_PIXELS} pixels and {@value #DEFAULT_MAX_BYTES} bytes. */
  public static final ImageLimits DEFAULT = new ImageLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_BYTES);

  public ImageLimits {
    if (maxPixels < 1 || maxPixels > LARGEST_RGB_IMAGE) {
      throw new IllegalArgumentException(
          "maxPixels must be in 1.."
              + LARGEST_RGB_IMAGE
              + " (an RgbImage holds 3 bytes per pixel in one array), got "
              + maxPixels);
    }
    if (maxBytes < 1 || maxBytes > LARGEST_FILE) {
      throw new IllegalArgumentException(
          "maxBytes must be in 1.." + LARGEST_FILE + ", got " + maxBytes);
    }
  }
}
