package org.likeness.image;

/**
 * What {@link ImageLoader#probe} learns from an image's header without decoding its pixels: the
 * format and the size the decoded, upright image will have.
 *
 * @param format the format recognised from the leading bytes
 * @param width width in pixels after EXIF orientation is applied
 * @param height height in pixels after EXIF orientation is applied
 */
public record ImageInfo(ImageFormat format, int width, int height) {
  public ImageInfo {
    if (format == null) {
      throw new IllegalArgumentException("format must not be null");
    }
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + width + "x" + height);
    }
  }

  /** Width times height. */
  public long pixels() {
    return (long) width * height;
  }
}
