package org.likeness.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.camera.CameraSource;
import org.likeness.camera.FeedOptions;
import org.likeness.lock.DoorLock;
import org.likeness.lock.LockPolicy;
import org.likeness.lock.LogOnlyActuator;

/**
 * The camera routes of a door service that runs no camera: {@code /health} says so, the live view
 * answers {@code no_camera} to the admin key and refuses other keys like every admin route, and the
 * day's visits are an empty list. A camera without a lock, or a lock without a camera, is refused at
 * start. No models are needed.
 */
class DoorWithoutCameraTest {
  @TempDir static Path dir;
  static TestServer door;

  @BeforeAll
  static void start() {
    door = TestServer.withoutModels(dir);
  }

  @AfterAll
  static void stop() {
    door.close();
  }

  @Test
  void healthHasNoCameraAndStaysOk() {
    JsonNode h = door.get("/health", null).json();
    assertEquals("ok", h.path("status").asText(), h::toString);
    assertTrue(h.path("camera").isNull(), h::toString);
  }

  @Test
  void liveViewNeedsTheAdminKeyAndACamera() {
    assertEquals(401, door.get("/api/v1/live", null).status());
    assertEquals("admin_key_required", door.get("/api/v1/live", TestServer.KIOSK).errorCode());
    TestServer.Response r = door.get("/api/v1/live", TestServer.ADMIN);
    assertEquals(404, r.status(), r::toString);
    assertEquals("no_camera", r.errorCode(), r::toString);
  }

  @Test
  void theDaysVisitsAreEmptyAndABadSinceNamesTheValue() {
    TestServer.Response r = door.get("/api/v1/visits", TestServer.ADMIN);
    assertEquals(200, r.status(), r::toString);
    assertEquals(0, r.json().path("visits").size(), r::toString);
    assertEquals("admin_key_required", door.get("/api/v1/visits", TestServer.KIOSK).errorCode());
    TestServer.Response bad = door.get("/api/v1/visits?since=yesterday", TestServer.ADMIN);
    assertEquals("invalid_parameter", bad.errorCode(), bad::toString);
    assertTrue(bad.text().contains("yesterday"), bad::toString);
  }

  @Test
  void aCameraNeedsALockAndALockNeedsACamera(@TempDir Path other) {
    ServerConfig base = ServerConfig.defaults(other).withAddress("127.0.0.1", 0).withPreloadEngines(false);
    ServerConfig withCamera = base.withCamera(Optional.of(new DoorCameraConfig(
        CameraSource.parse("rtsp://127.0.0.1:9/door"), FeedOptions.DEFAULTS, "front")));
    IllegalArgumentException noLock = assertThrows(IllegalArgumentException.class,
        () -> LikenessServer.start(withCamera, ApiKeys.of(TestServer.ADMIN, TestServer.KIOSK), Optional.empty()));
    assertTrue(noLock.getMessage().contains("needs a door lock"), noLock::getMessage);
    DoorLock lock = new DoorLock(List.of(new LogOnlyActuator()),
        new LockPolicy(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1)), Clock.systemUTC());
    IllegalArgumentException noCamera = assertThrows(IllegalArgumentException.class,
        () -> LikenessServer.start(base, ApiKeys.of(TestServer.ADMIN, TestServer.KIOSK), Optional.of(lock)));
    assertTrue(noCamera.getMessage().contains("no camera"), noCamera::getMessage);
    // The refused start closed the lock it was given.
    assertThrows(IllegalStateException.class, () -> lock.request(new org.likeness.lock.Opening("Ann", "front",
        java.time.Instant.now(), 0.3, 0.5, "1")));
  }
}
