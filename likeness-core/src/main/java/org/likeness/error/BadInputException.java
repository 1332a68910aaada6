package org.likeness.error;

/**
 * Thrown when the caller's input cannot be used: an unreadable image, a wrong argument, a missing
 * file. The CLI maps it to exit code 2 and the server to a 4xx status. The message always names the
 * offending value.
 */
public class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
