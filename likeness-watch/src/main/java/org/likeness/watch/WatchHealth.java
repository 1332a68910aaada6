package org.likeness.watch;

import java.util.Locale;
import org.likeness.camera.CameraHealth;

/**
 * The door controller's state for a health check: ok while the camera streams (or a file has been
 * read to its end) and the watcher's loop runs; otherwise the camera's state since when, and why.
 * {@code likeness watch --metrics-port} answers it at {@code /health}, and the door service's
 * {@code /health} carries it when it runs a camera.
 *
 * @param ok whether the camera and the watcher are both fine
 * @param camera the camera's state in lower case ({@code streaming}, {@code reconnecting}, ...)
 * @param since when the camera entered that state (ISO-8601)
 * @param reconnects times the camera was reopened after a drop
 * @param lastError the camera's last error, or null
 * @param watching whether the watcher's loop runs
 * @param failure what stopped the watcher, or null
 */
public record WatchHealth(boolean ok, String camera, String since, long reconnects, String lastError,
    boolean watching, String failure) {
  public static WatchHealth of(WatchStats s, CameraHealth c) {
    boolean cameraOk = c.state() == CameraHealth.State.STREAMING || c.state() == CameraHealth.State.ENDED;
    return new WatchHealth(cameraOk && s.running(), c.state().name().toLowerCase(Locale.ROOT), c.since().toString(),
        c.reconnects(), c.lastError().orElse(null), s.running(), s.failure().orElse(null));
  }
}
