package org.likeness.watch;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.likeness.camera.CameraFeed;
import org.likeness.camera.CameraHealth;
import org.likeness.camera.Frame;

/**
 * A {@link CameraFeed} as the watcher's {@link FrameFeed}: it ends when the camera ended or failed,
 * and tells {@code onChange} of each change of the camera's state (streaming, reconnecting, ended,
 * failed) once. {@code likeness watch} prints the changes; the door service logs them. The feed is
 * not closed here: its owner closes it after the watcher.
 */
public final class CameraFrames implements FrameFeed {
  private final CameraFeed feed;
  private final Consumer<CameraHealth> onChange;
  private final OptionalLong limit;
  private CameraHealth.State reported;
  // Written and read by the watcher's thread only.
  private long given;

  public CameraFrames(CameraFeed feed, Consumer<CameraHealth> onChange) {
    this(feed, onChange, OptionalLong.empty());
  }

  /** A feed that also ends after {@code limit} frames, when there is one ({@code likeness watch --max-frames}). */
  public CameraFrames(CameraFeed feed, Consumer<CameraHealth> onChange, OptionalLong limit) {
    if (feed == null || onChange == null || limit == null) {
      throw new IllegalArgumentException(
          "camera frames need a feed, a listener and a limit, got " + feed + ", " + onChange + ", " + limit);
    }
    if (limit.isPresent() && limit.getAsLong() < 1) {
      throw new IllegalArgumentException("a frame limit must be at least 1, got " + limit.getAsLong());
    }
    this.feed = feed;
    this.onChange = onChange;
    this.limit = limit;
  }

  @Override
  public Optional<WatchFrame> next(Duration timeout) throws InterruptedException {
    if (limitReached()) {
      return Optional.empty();
    }
    Optional<Frame> frame = feed.next(timeout);
    note();
    if (frame.isPresent()) {
      given++;
    }
    return frame.map(f -> new WatchFrame(f.image(), f.sequence(), f.capturedAt()));
  }

  @Override
  public boolean ended() {
    CameraHealth.State state = note();
    return limitReached() || state == CameraHealth.State.ENDED || state == CameraHealth.State.FAILED;
  }

  private boolean limitReached() {
    return limit.isPresent() && given >= limit.getAsLong();
  }

  /** The camera's health now. */
  public CameraHealth health() {
    return feed.health();
  }

  /**
   * Tells the listener of the camera's state when it changed since the last time (connecting and
   * closed are not reported); returns the state.
   */
  public synchronized CameraHealth.State note() {
    CameraHealth health = feed.health();
    CameraHealth.State state = health.state();
    if (state != reported && state != CameraHealth.State.CONNECTING && state != CameraHealth.State.CLOSED) {
      onChange.accept(health);
      reported = state;
    }
    return state;
  }
}
