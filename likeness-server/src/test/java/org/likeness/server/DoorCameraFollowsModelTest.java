package org.likeness.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.camera.CameraSource;
import org.likeness.camera.FeedOptions;
import org.likeness.camera.LfwVideo;
import org.likeness.lock.DoorLock;
import org.likeness.lock.LockPolicy;
import org.likeness.lock.LogOnlyActuator;
import org.likeness.models.ModelCatalog;

/**
 * The door camera follows a live model switch: with the LfwVideo file looping as the camera, the
 * door opens for an enrolled visitor with the first model, is migrated to another over the admin
 * API while it watches, and then opens for enrolled visitors with the new model's engine and
 * gallery, its camera still watched and its counters still counting.
 */
@Tag("model")
class DoorCameraFollowsModelTest {
  static final String TO = ModelCatalog.DLIB_RESNET_128.name();

  @TempDir Path dir;

  @Test
  void theCameraKeepsOpeningForEnrolledVisitorsAfterTheDoorSwitchesModel() throws Exception {
    LfwVideo video = new LfwVideo(LfwVideo.standardScript(LfwVideo.lfwRoot()));
    Path avi = video.write(dir.resolve("door.avi"));
    List<LfwVideo.Visit> visits = video.script().visits();
    List<String> enrolled = visits.subList(0, visits.size() - 1).stream().map(LfwVideo.Visit::person).toList();
    Path data = dir.resolve("door");
    DoorLiveness liveness = new DoorLiveness(DoorLiveness.Challenge.OFF, DoorLiveness.Passive.OFF, Optional.empty());
    DoorCameraTest.enrollVisitorsButTheLast(data, video, liveness);

    LockPolicy policy = new LockPolicy(Duration.ofMillis(100), Duration.ZERO, Duration.ofSeconds(1));
    DoorLock lock = new DoorLock(List.of(new LogOnlyActuator()), policy, Clock.systemUTC());
    ServerConfig config = ServerConfig.defaults(data).withAddress("127.0.0.1", 0).withWorkers(1).withLiveness(liveness)
        .withCamera(Optional.of(new DoorCameraConfig(CameraSource.parse(avi.toString()),
            FeedOptions.DEFAULTS.withRealTime(false).withLoop(true), "front")));
    try (TestServer door = TestServer.of(LikenessServer.start(config, ApiKeys.of(TestServer.ADMIN, TestServer.KIOSK),
        Optional.of(lock)), data)) {
      JsonNode first = waitForVisit(door, Instant.EPOCH, v -> v.path("decision").asText().equals("opened"));
      assertTrue(enrolled.contains(first.path("person").asText()), first::toString);

      TestServer.Response started = door.post("/api/v1/admin/migrate", TestServer.ADMIN, "application/json",
          ("{\"model\":\"" + TO + "\"}").getBytes(StandardCharsets.UTF_8));
      assertEquals(202, started.status(), started::toString);
      JsonNode status = door.get("/api/v1/admin/migrate", TestServer.ADMIN).json();
      long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (status.path("state").asText().equals("running")) {
        assertTrue(System.nanoTime() < end, "the migration took over 3 minutes: " + status);
        Thread.sleep(250);
        status = door.get("/api/v1/admin/migrate", TestServer.ADMIN).json();
      }
      assertEquals("switched", status.path("state").asText(), status::toString);
      Instant switched = Instant.parse(status.path("finishedAt").asText());

      JsonNode after = waitForVisit(door, switched, v -> v.path("decision").asText().equals("opened"));
      assertTrue(enrolled.contains(after.path("person").asText()), after::toString);
      JsonNode health = door.get("/health", null).json();
      assertEquals(TO, health.path("model").asText(), health::toString);
      assertTrue(health.path("camera").path("watching").asBoolean(), health::toString);
      assertEquals("ok", health.path("status").asText(), health::toString);
      // The counters carry on across the two watchers: /metrics counts every opening the audit log holds.
      long loggedBefore = openings(door);
      String scrape = door.get("/metrics", TestServer.ADMIN).text();
      long loggedAfter = openings(door);
      long counted = DoorCameraTest.sample(scrape, "likeness_watch_openings_total");
      assertTrue(loggedBefore >= 2 && loggedBefore <= counted && counted <= loggedAfter,
          "openings logged " + loggedBefore + ".." + loggedAfter + ", counted " + counted + "\n" + scrape);
      assertEquals(0, DoorCameraTest.sample(scrape, "likeness_watch_listener_failures_total"), scrape);
    }
  }

  /** The openings the audit log holds. */
  static long openings(TestServer door) {
    JsonNode day = door.get("/api/v1/visits?since=" + Instant.EPOCH, TestServer.ADMIN).json();
    long n = 0;
    for (JsonNode v : day.path("visits")) {
      n += v.path("decision").asText().equals("opened") ? 1 : 0;
    }
    return n;
  }

  /** The first visit decided at or after {@code from} that {@code wanted} accepts, within 3 minutes. */
  static JsonNode waitForVisit(TestServer door, Instant from, Predicate<JsonNode> wanted) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (true) {
      JsonNode day = door.get("/api/v1/visits?since=" + from, TestServer.ADMIN).json();
      for (JsonNode v : day.path("visits")) {
        if (wanted.test(v)) {
          return v;
        }
      }
      assertTrue(System.nanoTime() < end, "no such visit since " + from + " within 3 minutes: " + day);
      Thread.sleep(500);
    }
  }
}
