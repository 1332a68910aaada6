package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.likeness.camera.CameraHealth;
import org.likeness.watch.WatchStats;

/** The watcher's local /health and /metrics, served for real and read over HTTP. */
class WatchMetricsTest {
  private static final Instant T0 = Instant.parse("2026-12-04T08:00:00Z");

  private static CameraHealth camera(CameraHealth.State state, long reconnects, Optional<String> error) {
    return new CameraHealth("http://127.0.0.1:9/door.mjpg", state, T0, 120, 3, reconnects, error, 9.5);
  }

  private static WatchStats stats(boolean running) {
    return new WatchStats(100, 3, 0, 8.0, 90, 1, 4, 3, 0, 1, 0, running, Optional.empty());
  }

  @Test
  void healthSaysOkWhileStreamingAndNamesTheCameraStateAndErrorWhenItDrops() throws Exception {
    AtomicReference<CameraHealth> cam = new AtomicReference<>(camera(CameraHealth.State.STREAMING, 0, Optional.empty()));
    AtomicReference<WatchStats> watch = new AtomicReference<>(stats(true));
    HttpClient http = HttpClient.newHttpClient();
    try (WatchMetrics metrics = WatchMetrics.serve(freePort(), watch::get, cam::get)) {
      URI health = URI.create("http://127.0.0.1:" + metrics.port() + "/health");
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ok.statusCode(), ok.body());
      assertTrue(ok.body().contains("\"camera\":\"streaming\""), ok.body());

      cam.set(camera(CameraHealth.State.RECONNECTING, 2, Optional.of("connection refused")));
      HttpResponse<String> down = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(503, down.statusCode(), down.body());
      assertTrue(down.body().contains("\"camera\":\"reconnecting\""), down.body());
      assertTrue(down.body().contains("\"reconnects\":2"), down.body());
      assertTrue(down.body().contains("connection refused"), down.body());
      assertTrue(down.body().contains("\"since\":\"2026-12-04T08:00:00Z\""), down.body());

      cam.set(camera(CameraHealth.State.STREAMING, 2, Optional.empty()));
      watch.set(stats(false));
      HttpResponse<String> stopped = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(503, stopped.statusCode(), stopped.body());
      assertTrue(stopped.body().contains("\"watching\":false"), stopped.body());

      HttpResponse<String> scrape = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, scrape.statusCode());
      assertTrue(scrape.body().contains("likeness_camera_reconnects_total 2"), scrape.body());
      assertTrue(scrape.body().contains("likeness_watch_openings_total 3"), scrape.body());
    }
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
