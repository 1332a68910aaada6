package org.likeness.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.camera.CameraHealth.State;

/** Inputs FFmpeg cannot read: the feed says why in its health and never throws from next. */
class BadInputTest {
  @TempDir Path dir;

  @Test
  void aFileThatIsNotAVideoFailsWithItsError() throws Exception {
    Path notes = Files.writeString(dir.resolve("notes.mp4"), "this is a shopping list, not a video\n".repeat(50), StandardCharsets.UTF_8);
    try (CameraFeed feed = CameraFeed.open(CameraSource.parse(notes.toString()), FeedOptions.DEFAULTS)) {
      assertTrue(feed.next(Duration.ofSeconds(10)).isEmpty());
      CameraHealth health = feed.health();
      assertEquals(State.FAILED, health.state(), health.toString());
      assertTrue(health.lastError().orElseThrow().contains("notes.mp4"), health.toString());
      assertEquals(0, health.framesDecoded());
      assertEquals(0, health.reconnects(), "a file is not retried");
    }
  }

  @Test
  void anEmptyFileFails() throws Exception {
    Path empty = Files.write(dir.resolve("empty.avi"), new byte[0]);
    try (CameraFeed feed = CameraFeed.open(CameraSource.parse(empty.toString()), FeedOptions.DEFAULTS)) {
      assertTrue(feed.next(Duration.ofSeconds(10)).isEmpty());
      assertEquals(State.FAILED, feed.health().state(), feed.health().toString());
    }
  }

  @Test
  void aVideoWithoutPicturesFails() throws Exception {
    Path silence = dir.resolve("silence.wav");
    try (org.bytedeco.javacv.FFmpegFrameRecorder recorder =
        new org.bytedeco.javacv.FFmpegFrameRecorder(silence.toFile(), 0, 0, 1)) {
      recorder.setFormat("wav");
      recorder.setSampleRate(8000);
      recorder.start();
      recorder.recordSamples(8000, 1, java.nio.ShortBuffer.wrap(new short[8000]));
      recorder.stop();
    }
    try (CameraFeed feed = CameraFeed.open(CameraSource.parse(silence.toString()), FeedOptions.DEFAULTS)) {
      assertTrue(feed.next(Duration.ofSeconds(10)).isEmpty());
      CameraHealth health = feed.health();
      assertEquals(State.FAILED, health.state(), health.toString());
      assertTrue(health.lastError().orElseThrow().contains("no video frames"), health.toString());
    }
  }

  @Test
  void anHttpServerThatIsNotACameraKeepsTheFeedReconnecting() throws Exception {
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = "<html>a login page</html>".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try (CameraFeed feed =
        CameraFeed.open(
            CameraSource.parse("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
            LiveFeedTest.FAST_RECONNECT)) {
      assertTrue(feed.next(Duration.ofSeconds(2)).isEmpty());
      LiveFeedTest.awaitState(feed, s -> s == State.RECONNECTING, "RECONNECTING");
      assertTrue(feed.health().lastError().isPresent(), feed.health().toString());
      assertEquals(0, feed.health().framesDecoded());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void optionsRejectNonsenseNamingTheValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FeedOptions.DEFAULTS.withReadTimeout(Duration.ZERO));
    assertTrue(e.getMessage().contains("readTimeout") && e.getMessage().contains("PT0S"), e.getMessage());
    IllegalArgumentException backoff =
        assertThrows(
            IllegalArgumentException.class,
            () -> FeedOptions.DEFAULTS.withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)));
    assertTrue(backoff.getMessage().contains("PT1S") && backoff.getMessage().contains("PT5S"), backoff.getMessage());
  }
}
