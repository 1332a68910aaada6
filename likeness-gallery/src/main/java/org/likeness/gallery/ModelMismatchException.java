package org.likeness.gallery;

import org.likeness.embed.ModelId;
import org.likeness.error.BadInputException;

/**
 * Thrown when an embedding from one model meets a gallery built with another: their distances would
 * mean nothing. The message names both models.
 */
public class ModelMismatchException extends BadInputException {
  private static final long serialVersionUID = 1L;
  private final transient ModelId galleryModel;
  private final transient ModelId otherModel;

  public ModelMismatchException(String message, ModelId galleryModel, ModelId otherModel) {
    super(message);
    this.galleryModel = galleryModel;
    this.otherModel = otherModel;
  }

  /** The model the gallery was created with. */
  public ModelId galleryModel() {
    return galleryModel;
  }

  /** The model the refused embedding came from. */
  public ModelId otherModel() {
    return otherModel;
  }
}
