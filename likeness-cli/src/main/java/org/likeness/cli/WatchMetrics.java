package org.likeness.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.likeness.camera.CameraHealth;
import org.likeness.error.BadInputException;
import org.likeness.watch.WatchHealth;
import org.likeness.watch.WatchMetricsText;
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
      byte[] body = WatchMetricsText.scrape(stats.get(), camera.get()).getBytes(StandardCharsets.UTF_8);
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
      WatchHealth h = WatchHealth.of(stats.get(), camera.get());
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
