package org.likeness.image;

import org.likeness.error.BadInputException;

/**
 * Thrown when an image cannot be turned into pixels. The one-line message starts with the file or
 * upload name and says what is wrong with it; {@link #reason()} says the same for code that maps
 * errors, for example to an HTTP status.
 */
public final class ImageDecodeException extends BadInputException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the input, one constant per distinct fix the user has to make. */
  public enum Reason {
    /** The file does not exist. */
    MISSING,
    /** The path is a directory. */
    NOT_A_FILE,
    /** The file exists but cannot be read (permissions, I/O error). */
    UNREADABLE,
    /** The file or upload has no bytes. */
    EMPTY,
    /** The encoded image has more bytes than {@link ImageLimits#maxBytes()}. */
    TOO_MANY_BYTES,
    /** The header declares more pixels than {@link ImageLimits#maxPixels()}. */
    TOO_MANY_PIXELS,
    /** The bytes match no image format at all (a text file, a PDF, random data). */
    NOT_AN_IMAGE,
    /** The bytes are an image in a format this loader does not decode (HEIC, TIFF, ...). */
    UNSUPPORTED_FORMAT,
    /** The image ends before its pixel data does (an interrupted download or copy). */
    TRUNCATED,
    /** The image is damaged in some other way the decoder cannot get past. */
    CORRUPT
  }

  private final String source;
  private final Reason reason;

  ImageDecodeException(String source, Reason reason, String problem) {
    this(source, reason, problem, null);
  }

  ImageDecodeException(String source, Reason reason, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.source = source;
    this.reason = reason;
  }

  /** The file path or upload name the image came from. */
  public String source() {
    return source;
  }

  /** What is wrong with the image. */
  public Reason reason() {
    return reason;
  }
}
