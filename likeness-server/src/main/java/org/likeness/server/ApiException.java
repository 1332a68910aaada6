package org.likeness.server;

/**
 * A request the API refuses, with the {@link ErrorCode} that fixes its status and a message that
 * names the offending value. {@link ErrorMapping} writes it as {@code {"error":{"code","message"}}}.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public ApiException(ErrorCode code, String message) {
    super(message);
    if (code == null) {
      throw new IllegalArgumentException("an API error needs a code; message was: " + message);
    }
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
