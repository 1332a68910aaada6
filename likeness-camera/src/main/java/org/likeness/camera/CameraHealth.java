package org.likeness.camera;

import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of a {@link CameraFeed} for logs and {@code /health}.
 *
 * @param source the source, with any password hidden
 * @param state what the decode thread is doing now
 * @param since when it entered that state
 * @param framesDecoded frames decoded since the feed opened, over all connections
 * @param framesDropped decoded frames replaced by a newer one before anyone read them
 * @param reconnects reconnect attempts after a drop (a live source) so far
 * @param lastError the latest failure (open, read, decode), kept after recovery so a flapping
 *     stream stays visible
 * @param framesPerSecond frames decoded per second over the last few seconds
 */
public record CameraHealth(
    String source,
    State state,
    Instant since,
    long framesDecoded,
    long framesDropped,
    long reconnects,
    Optional<String> lastError,
    double framesPerSecond) {

  /** The decode thread's state. */
  public enum State {
    /** Opening the source for the first time. */
    CONNECTING,
    /** Frames are arriving. */
    STREAMING,
    /** A live source dropped; waiting out the back-off or opening it again. */
    RECONNECTING,
    /** A file was read to its end; the last frame may still be waiting in {@link CameraFeed#next}. */
    ENDED,
    /** A file could not be opened or decoded; {@code lastError} says why. Files are not retried. */
    FAILED,
    /** {@link CameraFeed#close()} was called. */
    CLOSED;

    /** Whether no more frames will be decoded. */
    public boolean terminal() {
      return this == ENDED || this == FAILED || this == CLOSED;
    }
  }

  public CameraHealth {
    if (state == null || since == null || lastError == null) {
      throw new IllegalArgumentException(
          "camera health needs a state, a time and an optional error, got "
              + state + ", " + since + ", " + lastError);
    }
  }
}
