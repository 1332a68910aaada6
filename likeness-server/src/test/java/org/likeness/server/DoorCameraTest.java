package org.likeness.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.camera.CameraSource;
import org.likeness.camera.FeedOptions;
import org.likeness.camera.LfwVideo;
import org.likeness.lock.ActuatorConfig;
import org.likeness.lock.DoorLock;
import org.likeness.lock.LockPolicy;
import org.likeness.lock.WebhookReceiver;
import org.likeness.lock.WebhookSignature;
import org.likeness.server.audit.AuditLog;
import org.likeness.server.audit.VisitRecord;

/**
 * The door service running its own camera ({@code likeness serve --camera}) on the LfwVideo file:
 * four LFW people walk up one after another; the first three were enrolled over the API from two
 * other photos each, the fourth is a stranger. A real webhook receiver is the lock. The live view's
 * Server-Sent Events carry frames with the boxes and the enrolled names, the visits endpoint and the
 * audit log hold one opening per enrolled person and one refusal, {@code /metrics} counts the
 * frames and the three openings, and {@code /health} names the camera's state.
 */
@Tag("model")
class DoorCameraTest {
  static final String SECRET = "door-camera-test-secret";

  @TempDir Path dir;

  /** One Server-Sent Event as received. */
  record Event(String name, String data) {}

  @Test
  void theServiceCameraOpensOnceForEachEnrolledVisitorRefusesTheStrangerAndShowsItLive() throws Exception {
    LfwVideo video = new LfwVideo(LfwVideo.standardScript(LfwVideo.lfwRoot()));
    Path avi = video.write(dir.resolve("door.avi"));
    List<LfwVideo.Visit> visits = video.script().visits();
    String stranger = visits.get(visits.size() - 1).person();
    List<String> enrolled = visits.subList(0, visits.size() - 1).stream().map(LfwVideo.Visit::person).toList();
    Path data = dir.resolve("door");

    DoorLiveness liveness = new DoorLiveness(DoorLiveness.Challenge.OFF, DoorLiveness.Passive.OFF, Optional.empty());
    enrollVisitorsButTheLast(data, video, liveness);

    try (WebhookReceiver receiver = new WebhookReceiver(200)) {
      LockPolicy policy = new LockPolicy(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(5));
      DoorLock lock = new DoorLock(ActuatorConfig.fromOptions(null, receiver.url().toString(), null, null, null)
          .actuators(Map.of(ActuatorConfig.DEFAULT_SECRET_ENV, SECRET), policy), policy, Clock.systemUTC());
      ServerConfig config = ServerConfig.defaults(data).withAddress("127.0.0.1", 0).withWorkers(1).withLiveness(liveness)
          .withCamera(Optional.of(new DoorCameraConfig(CameraSource.parse(avi.toString()),
              FeedOptions.DEFAULTS.withRealTime(false),
              "front")));
      long start = System.nanoTime();
      List<Event> events = Collections.synchronizedList(new ArrayList<>());
      JsonNode healthWhileWatching;
      String scrape;
      JsonNode healthAfter;
      JsonNode day;
      CompletableFuture<Void> stream;
      LikenessServer server;
      try (TestServer door = TestServer.of(LikenessServer.start(config, ApiKeys.of(TestServer.ADMIN, TestServer.KIOSK),
          Optional.of(lock)), data)) {
        stream = door.http.sendAsync(door.request("/api/v1/live", TestServer.ADMIN).timeout(Duration.ofMinutes(3))
                .header("Accept", "text/event-stream")
                .GET().build(), HttpResponse.BodyHandlers.ofLines())
            .thenAccept(r -> {
              assertEquals(200, r.statusCode());
              assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
                  r.headers()::toString);
              read(r.body(), events);
            });
        server = door.server;
        healthWhileWatching = door.get("/health", null).json();

        JsonNode health = healthWhileWatching;
        while (health.path("camera").path("watching").asBoolean()) {
          assertTrue(System.nanoTime() - start < TimeUnit.MINUTES.toNanos(3), "the video took over 3 minutes: " + health);
          Thread.sleep(500);
          health = door.get("/health", null).json();
        }
        healthAfter = health;
        scrape = door.get("/metrics", TestServer.ADMIN).text();
        day = door.get("/api/v1/visits", TestServer.ADMIN).json();
        waitFor(() -> events.stream().filter(e -> e.name().equals("visit")).count() >= enrolled.size() + 1, events);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      stream.get(30, TimeUnit.SECONDS); // the service's close ends the stream
      assertEquals(0, server.liveSeatsHeld(), "the live view's seat is given back once its request has finished");

      // /health: the camera streamed while the video played, and has ended with the file.
      assertEquals("front", healthWhileWatching.path("camera").path("door").asText(), healthWhileWatching::toString);
      assertTrue(Set.of("connecting", "streaming", "ended").contains(
          healthWhileWatching.path("camera").path("state").asText()), healthWhileWatching::toString);
      assertEquals("ended", healthAfter.path("camera").path("state").asText(), healthAfter::toString);
      assertFalse(healthAfter.path("camera").path("since").asText().isEmpty(), healthAfter::toString);
      assertEquals("degraded", healthAfter.path("status").asText(), "a door no longer watching is degraded: " + healthAfter);

      // The day's visits, in the video's order: one opening per enrolled visitor, then the stranger refused.
      JsonNode rows = day.path("visits");
      assertEquals(enrolled.size() + 1, rows.size(), day::toString);
      for (int i = 0; i < enrolled.size(); i++) {
        assertEquals("opened", rows.get(i).path("decision").asText(), day::toString);
        assertEquals(enrolled.get(i), rows.get(i).path("person").asText(), day::toString);
        assertEquals("front", rows.get(i).path("door").asText(), day::toString);
      }
      JsonNode refused = rows.get(enrolled.size());
      assertEquals("refused", refused.path("decision").asText(), day::toString);
      assertEquals("stranger", refused.path("reason").asText(), day::toString);
      assertTrue(refused.path("person").isNull(), day::toString);

      // The lock: one signed POST per opening.
      List<WebhookReceiver.Received> posts = receiver.received();
      assertEquals(enrolled.size(), posts.size(), posts::toString);
      for (int i = 0; i < enrolled.size(); i++) {
        WebhookReceiver.Received post = posts.get(i);
        assertTrue(WebhookSignature.verify(SECRET, post.timestamp(), post.body(), post.signature()), post::toString);
        JsonNode body = TestServer.JSON.readTree(post.body());
        assertEquals(enrolled.get(i), body.path("person").asText(), post.body());
        assertEquals("front", body.path("door").asText(), post.body());
      }

      // /metrics: the watcher's and the camera's counters beside the service's own.
      // The file is read as fast as it is processed, so every frame is.
      long frames = sample(scrape, "likeness_watch_frames_processed_total");
      assertEquals(video.script().frameCount(), frames, scrape);
      assertEquals(0, sample(scrape, "likeness_watch_frames_dropped_total"), scrape);
      assertEquals(enrolled.size(), sample(scrape, "likeness_watch_openings_total"), scrape);
      assertEquals(1, sample(scrape, "likeness_watch_refusals_total"), scrape);
      assertEquals(0, sample(scrape, "likeness_watch_not_opened_total"), scrape);
      assertTrue(scrape.contains("likeness_camera_state{state=\"ended\"} 1"), scrape);
      assertTrue(scrape.contains("likeness_http_requests_total{"), scrape);

      // The live view: frames as small JPEGs with the faces' boxes and the enrolled names, and each decision.
      List<JsonNode> liveFrames = new ArrayList<>();
      List<JsonNode> liveVisits = new ArrayList<>();
      for (Event e : List.copyOf(events)) {
        (e.name().equals("frame") ? liveFrames : liveVisits).add(TestServer.JSON.readTree(e.data()));
      }
      assertFalse(liveFrames.isEmpty(), "no frame events");
      assertTrue(liveFrames.size() <= seconds * LiveView.MAX_FRAMES_PER_SECOND + 2,
          liveFrames.size() + " frame events in " + seconds + " s: more than " + LiveView.MAX_FRAMES_PER_SECOND + "/s");
      JsonNode first = liveFrames.get(0);
      BufferedImage picture = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
          first.path("jpeg").asText().substring("data:image/jpeg;base64,".length()))));
      assertEquals(LiveView.WIDTH, picture.getWidth());
      assertEquals(first.path("height").asInt(), picture.getHeight());
      Set<String> namesShown = new HashSet<>();
      for (JsonNode f : liveFrames) {
        for (JsonNode t : f.path("tracks")) {
          assertTrue(t.path("w").asInt() > 0 && t.path("x").asInt() + t.path("w").asInt() <= f.path("width").asInt() + 1,
              t::toString);
          if (t.path("status").asText().equals("opened")) {
            namesShown.add(t.path("person").asText());
          }
        }
      }
      assertEquals(Set.copyOf(enrolled), namesShown, "names on the live frames' boxes");
      assertEquals(enrolled.size() + 1, liveVisits.size(), liveVisits::toString);
      for (int i = 0; i < enrolled.size(); i++) {
        assertEquals(enrolled.get(i), liveVisits.get(i).path("person").asText(), liveVisits::toString);
      }
      assertEquals("stranger", liveVisits.get(enrolled.size()).path("reason").asText(), liveVisits::toString);

      // The audit log keeps the visits after the service closed.
      try (AuditLog audit = AuditLog.openReadOnly(AuditLog.fileIn(data))) {
        List<VisitRecord> kept = audit.visitsSince(Instant.EPOCH, 100);
        assertEquals(enrolled.size() + 1, kept.size(), kept::toString);
        assertEquals(VisitRecord.Decision.REFUSED, kept.get(enrolled.size()).decision(), kept::toString);
        assertEquals(Optional.of("stranger"), kept.get(enrolled.size()).reason(), kept::toString);
        for (int i = 0; i < enrolled.size(); i++) {
          assertEquals(Optional.of(enrolled.get(i)), kept.get(i).person(), kept::toString);
          assertFalse(kept.get(i).person().get().equals(stranger), kept::toString);
        }
      }
      System.out.printf(Locale.ROOT, "door camera on %d frames: %d processed in %.1f s, %d live frame events,"
          + " %d visits%n", video.script().frameCount(), frames, seconds, liveFrames.size(), liveVisits.size());
    }
  }

  /**
   * Enrolls every visitor of {@code video} but the last over the API of a door service on {@code
   * data} without a camera, each from two LFW photos other than the one the video shows.
   */
  static void enrollVisitorsButTheLast(Path data, LfwVideo video, DoorLiveness liveness) {
    List<LfwVideo.Visit> visits = video.script().visits();
    try (TestServer door = TestServer.withModels(data, liveness)) {
      for (LfwVideo.Visit v : visits.subList(0, visits.size() - 1)) {
        MultipartBody body = new MultipartBody();
        int added = 0;
        for (int n = 1; added < 2; n++) {
          if (!v.photo().getFileName().toString().equals(String.format(Locale.ROOT, "%s_%04d.jpg", v.person(), n))) {
            body.file("image", n + ".jpg", "image/jpeg", DoorEndToEndTest.photo(v.person(), n));
            added++;
          }
        }
        TestServer.Response r = door.post("/api/v1/people/" + DoorEndToEndTest.path(v.person()) + "/faces",
            TestServer.ADMIN, body);
        assertEquals(200, r.status(), r::toString);
        assertEquals(2, r.json().path("faces").asInt(), r::toString);
      }
    }
  }

  /** Collects the events of a {@code text/event-stream} body until it ends. */
  static void read(Stream<String> lines, List<Event> into) {
    String[] name = {null};
    StringBuilder data = new StringBuilder();
    lines.forEach(line -> {
      if (line.isEmpty()) {
        if (name[0] != null) {
          into.add(new Event(name[0], data.toString()));
        }
        name[0] = null;
        data.setLength(0);
      } else if (line.startsWith("event:")) {
        name[0] = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        data.append(line.substring(5).strip());
      }
    });
  }

  static long sample(String scrape, String name) {
    return scrape.lines().filter(l -> l.startsWith(name + " ")).map(l -> l.substring(name.length() + 1))
        .mapToLong(Long::parseLong).findFirst().orElseThrow(() -> new AssertionError(name + " missing:\n" + scrape));
  }

  static void waitFor(java.util.function.BooleanSupplier done, Object shown) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, () -> "waited 10 s for: " + shown);
      Thread.sleep(100);
    }
  }
}
