package org.likeness.error;

/**
 * Thrown when a model's weights are not installed. The message names the missing file and the one
 * command that installs it, so users can fix it without reading docs.
 */
public class ModelMissingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelMissingException(String message) {
    super(message);
  }
}
