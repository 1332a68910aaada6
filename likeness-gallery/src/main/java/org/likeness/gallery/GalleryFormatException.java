package org.likeness.gallery;

import org.likeness.error.BadInputException;

/**
 * Thrown when a directory is not a gallery this build of Likeness can use: there is no gallery, the
 * file belongs to something else, or it was written by a newer version. The message names the path
 * and what was found.
 */
public class GalleryFormatException extends BadInputException {
  private static final long serialVersionUID = 1L;

  public GalleryFormatException(String message) {
    super(message);
  }

  public GalleryFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
