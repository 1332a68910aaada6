package org.likeness.server;

import org.likeness.camera.CameraSource;
import org.likeness.camera.FeedOptions;

/**
 * A camera the door service watches itself ({@code likeness serve --camera}): every visit is decided
 * on the served gallery with the served model's thresholds, opens the lock given to {@link
 * LikenessServer#start(ServerConfig, ApiKeys, java.util.Optional)}, goes to the audit log and to
 * the admin page's live view.
 *
 * @param source the camera: RTSP, MJPEG over HTTP, a V4L2 device or a video file
 * @param feed how it is read (real time, loop, reconnect back-off)
 * @param door the door's name in openings and visit records
 */
public record DoorCameraConfig(CameraSource source, FeedOptions feed, String door) {
  public DoorCameraConfig {
    if (source == null || feed == null || door == null || door.isBlank()) {
      throw new IllegalArgumentException("a door camera needs a source, feed options and a door name, got " + source
          + ", " + feed + ", '" + door + "'");
    }
  }
}
