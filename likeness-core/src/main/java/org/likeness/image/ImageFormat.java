package org.likeness.image;

/**
 * The image formats {@link ImageLoader} decodes, recognised by their leading bytes (never by a file
 * name). It tells callers what a file turned out to be, for example in {@link ImageInfo}.
 */
public enum ImageFormat {
  /** JPEG/JFIF/EXIF, baseline or progressive, in RGB, grayscale, CMYK or YCCK. */
  JPEG("JPEG", "jpeg", true),
  /** PNG, 1 to 16 bits per sample, palette, grayscale or RGB, with or without alpha. */
  PNG("PNG", "png", false),
  /** Windows bitmap. */
  BMP("BMP", "bmp", false),
  /** GIF; only the first frame of an animation is decoded. */
  GIF("GIF", "gif", false),
  /** WebP, lossy or lossless; only the first frame of an animation is decoded. */
  WEBP("WebP", "webp", true),
  /** Netpbm PBM, PGM and PPM (P1 to P6), in ASCII or binary form. */
  PNM("PBM/PGM/PPM", "pnm", true);

  private final String displayName;
  private final String imageIoName;
  private final boolean needsTwelveMonkeys;

  ImageFormat(String displayName, String imageIoName, boolean needsTwelveMonkeys) {
    this.displayName = displayName;
    this.imageIoName = imageIoName;
    this.needsTwelveMonkeys = needsTwelveMonkeys;
  }

  /** The name people know the format by, as used in error messages ("WebP", "PBM/PGM/PPM"). */
  public String displayName() {
    return displayName;
  }

  /** The ImageIO format name whose reader decodes this format. */
  String imageIoName() {
    return imageIoName;
  }

  /**
   * Whether only the TwelveMonkeys reader will do: the JDK has no WebP or PNM reader, and its JPEG
   * reader cannot decode CMYK or YCCK.
   */
  boolean needsTwelveMonkeys() {
    return needsTwelveMonkeys;
  }
}
