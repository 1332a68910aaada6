package org.likeness.watch;

import java.util.List;
import java.util.Optional;
import org.likeness.detect.Box;

/**
 * One processed frame and the faces the watcher followed in it, as a {@link FrameListener} sees it.
 *
 * @param frame the frame, with its camera sequence number and capture time
 * @param tracks each face found in the frame, in detection order
 */
public record FrameView(WatchFrame frame, List<Track> tracks) {
  public FrameView {
    if (frame == null || tracks == null) {
      throw new IllegalArgumentException("a frame view needs a frame and its tracks, got " + frame + ", " + tracks);
    }
    tracks = List.copyOf(tracks);
  }

  /** Where a visit stands at this frame. */
  public enum Status {
    /** Not decided yet: the visit's judge wants more good frames. */
    DECIDING,
    /** Admitted, and the door opened. */
    OPENED,
    /** Admitted, but the door did not open (too soon, failed). */
    NOT_OPENED,
    /** Refused; the reason says why. */
    REFUSED
  }

  /**
   * One face in the frame and its visit.
   *
   * @param visitId the visit (track) the face belongs to
   * @param box the face's box in the frame's pixels
   * @param status where its visit stands
   * @param person the admitted person, once the visit is admitted
   * @param reason the refusal's label ({@code stranger}, ...) or the door's answer when it did not
   *     open ({@code too_soon}, {@code failed})
   */
  public record Track(long visitId, Box box, Status status, Optional<String> person, Optional<String> reason) {
    public Track {
      if (box == null || status == null || person == null || reason == null) {
        throw new IllegalArgumentException("incomplete track view of visit " + visitId);
      }
    }
  }
}
