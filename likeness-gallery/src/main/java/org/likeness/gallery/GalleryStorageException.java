package org.likeness.gallery;

/**
 * Thrown when the gallery's files cannot be read or written: a full disk, missing permissions, a
 * damaged file. The operator must act; the CLI maps it to an I/O error exit code and the server to
 * a 5xx status.
 */
public class GalleryStorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GalleryStorageException(String message) {
    super(message);
  }

  public GalleryStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
