package org.likeness.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.likeness.camera.CameraHealth;
import org.likeness.error.BadInputException;
import org.likeness.watch.WatchStats;

/**
 * {@code likeness watch --metrics-port PORT}: the watcher's and the camera's counters at {@code
 * GET /metrics} in the Prometheus text format (0.0.4), and {@code GET /health} (200 while the camera
 * streams and the watcher runs, 503 with the camera's state and last error otherwise), on the
 * loopback interface only (the door service's {@code /metrics} needs the admin key; this one has no
 * key, so it is not exposed).
 */
final class WatchMetrics implements AutoCloseable {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Supplier<WatchStats> stats;
  private final Supplier<CameraHealth> camera;

  private WatchMetrics(HttpServer server, Supplier<WatchStats> stats, Supplier<CameraHealth> camera) {
    this.server = server;
    this.stats = stats;
    this.camera = camera;
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "likeness-watch-metrics");
      t.setDaemon(true);
      return t;
    });
    server.createContext("/metrics", this::serve);
    server.createContext("/health", this::health);
    server.setExecutor(executor);
    server.start();
  }

  /**
   * Serves the metrics on 127.0.0.1:{@code port}.
   *
   * @throws BadInputException naming the port when it cannot be bound
   */
  static WatchMetrics serve(int port, Supplier<WatchStats> stats, Supplier<CameraHealth> camera) {
    if (port < 1 || port > 65535) {
      throw new BadInputException("--metrics-port must be 1..65535, got " + port);
    }
    try {
      return new WatchMetrics(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0),
          stats, camera);
    } catch (IOException e) {
      throw new BadInputException("--metrics-port " + port + " cannot be bound: " + e.getMessage(), e);
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    try {
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = scrape(stats.get(), camera.get()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      exchange.close();
    }
  }

  private void health(HttpExchange exchange) throws IOException {
    try {
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      Health h = Health.of(stats.get(), camera.get());
      byte[] body = Json.write(h).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(h.ok() ? 200 : 503, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      exchange.close();
    }
  }

  /**
   * What {@code GET /health} answers: ok while the camera streams (or a file has been read to its
   * end) and the watcher's loop runs; otherwise the camera's state since when, and why.
   */
  record Health(boolean ok, String camera, String since, long reconnects, String lastError, boolean watching,
      String failure) {
    static Health of(WatchStats s, CameraHealth c) {
      boolean cameraOk = c.state() == CameraHealth.State.STREAMING || c.state() == CameraHealth.State.ENDED;
      return new Health(cameraOk && s.running(), c.state().name().toLowerCase(Locale.ROOT), c.since().toString(),
          c.reconnects(), c.lastError().orElse(null), s.running(), s.failure().orElse(null));
    }
  }

  /** The counters in the Prometheus text format. */
  static String scrape(WatchStats s, CameraHealth c) {
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

  /** The port served on. */
  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
