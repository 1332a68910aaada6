package org.likeness.gallery;

/**
 * Thrown when a gallery directory is already open, in this process or another; a gallery has one
 * owner at a time. The message names the directory and, when known, the holder's process id.
 */
public class GalleryInUseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GalleryInUseException(String message) {
    super(message);
  }

  public GalleryInUseException(String message, Throwable cause) {
    super(message, cause);
  }
}
