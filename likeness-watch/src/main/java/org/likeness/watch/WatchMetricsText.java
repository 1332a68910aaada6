package org.likeness.watch;

import java.util.Locale;
import org.likeness.camera.CameraHealth;

/**
 * The watcher's and the camera's counters in the Prometheus text format (0.0.4): what {@code
 * likeness watch --metrics-port} serves at {@code /metrics}, and what the door service adds to its
 * own {@code /metrics} when it runs a camera.
 */
public final class WatchMetricsText {
  private WatchMetricsText() {}

  /** The counters of {@code s} and {@code c}, one HELP, TYPE and sample each. */
  public static String scrape(WatchStats s, CameraHealth c) {
    StringBuilder out = new StringBuilder(2048);
    counter(out, "likeness_watch_frames_processed_total", "Frames encoded and tracked.", s.framesProcessed());
    counter(out, "likeness_watch_frames_dropped_total", "Frames the camera numbered but the watcher never saw.",
        s.framesDropped());
    counter(out, "likeness_watch_frames_out_of_order_total", "Frames skipped as resent or older than the last.",
        s.framesOutOfOrder());
    gauge(out, "likeness_watch_frames_per_second", "Frames processed per second over the last 5 s.",
        s.framesPerSecond());
    counter(out, "likeness_watch_faces_seen_total", "Faces found over all processed frames.", s.facesSeen());
    gauge(out, "likeness_watch_tracks_in_view", "Faces followed now.", s.tracksInView());
    counter(out, "likeness_watch_visits_total", "Visits (tracks) started.", s.visits());
    counter(out, "likeness_watch_openings_total", "Visits the door opened for.", s.openings());
    counter(out, "likeness_watch_not_opened_total", "Admitted visits the lock did not open for (too soon, failed).",
        s.notOpened());
    counter(out, "likeness_watch_refusals_total", "Visits refused.", s.refusals());
    counter(out, "likeness_watch_listener_failures_total", "Visit events a listener threw on.", s.listenerFailures());
    gauge(out, "likeness_watch_running", "1 while the watcher's loop runs.", s.running() ? 1 : 0);
    counter(out, "likeness_camera_frames_decoded_total", "Frames the camera decoded.", c.framesDecoded());
    counter(out, "likeness_camera_reconnects_total", "Times the camera was reopened after a drop.", c.reconnects());
    gauge(out, "likeness_camera_frames_per_second", "Frames decoded per second over the last 5 s.",
        c.framesPerSecond());
    out.append("# HELP likeness_camera_state 1 for the camera's current state.\n# TYPE likeness_camera_state gauge\n");
    for (CameraHealth.State state : CameraHealth.State.values()) {
      out.append("likeness_camera_state{state=\"").append(state.name().toLowerCase(Locale.ROOT)).append("\"} ")
          .append(state == c.state() ? 1 : 0).append('\n');
    }
    return out.toString();
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
        .append(" counter\n").append(name).append(' ').append(value).append('\n');
  }

  private static void gauge(StringBuilder out, String name, String help, double value) {
    out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
        .append(" gauge\n").append(name).append(' ').append(String.format(Locale.ROOT, "%.3f", value)).append('\n');
  }
}
