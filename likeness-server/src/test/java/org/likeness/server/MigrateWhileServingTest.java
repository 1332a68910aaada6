package org.likeness.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.models.ModelCatalog;
import org.likeness.server.audit.AdminEvent;
import org.likeness.server.audit.AuditLog;

/**
 * The door follows dlib-resnet-128 while it serves, on LFW faces: five people enrolled through the
 * API with mobilefacenet-192; the migration is held after 10 of its 12 faces while the door identifies
 * everyone, enrolls a sixth person and removes a seventh; released, it switches, and the door then
 * identifies all six with dlib-resnet-128 at that model's calibrated threshold, has forgotten the
 * removed one, keeps the old gallery on disk, has the switch in its audit log, and still serves the
 * new model after a restart.
 */
@Tag("model")
class MigrateWhileServingTest {
  static final String TO = ModelCatalog.DLIB_RESNET_128.name();
  /** Person, LFW folder: enrolled before the migration from photos 1 and 2, identified from photo 3. */
  static final Map<String, String> BEFORE = new LinkedHashMap<>();
  static final String DURING = "Gerhard Schroeder";
  static final String REMOVED = "Jennifer Capriati";
  /**
   * The migration is held after this many of its 12 faces: people are migrated in name order, so
   * {@link #REMOVED} (faces 7 and 8) is already in the new gallery when removed from the old one,
   * and {@link #DURING} is enrolled after the migration listed the people to carry.
   */
  static final int HOLD_AT = 10;

  static {
    BEFORE.put("Serena Williams", "Serena_Williams");
    BEFORE.put("Laura Bush", "Laura_Bush");
    BEFORE.put("Hugo Chavez", "Hugo_Chavez");
    BEFORE.put("Colin Powell", "Colin_Powell");
    BEFORE.put("Ariel Sharon", "Ariel_Sharon");
  }

  @TempDir Path dir;

  static String folder(String person) {
    return person.replace(' ', '_');
  }

  static void enroll(TestServer door, String person) {
    TestServer.Response r = door.post("/api/v1/people/" + DoorEndToEndTest.path(person) + "/faces", TestServer.ADMIN,
        new MultipartBody().file("image", "1.jpg", "image/jpeg", DoorEndToEndTest.photo(folder(person), 1))
            .file("image", "2.jpg", "image/jpeg", DoorEndToEndTest.photo(folder(person), 2)));
    assertEquals(200, r.status(), r::toString);
    for (JsonNode result : r.json().path("results")) {
      assertEquals("enrolled", result.path("status").asText(), r::toString);
    }
  }

  static JsonNode identify(TestServer door, String person) {
    TestServer.Response r = door.post("/api/v1/identify", TestServer.ADMIN,
        new MultipartBody().file("image", "door.jpg", "image/jpeg", DoorEndToEndTest.photo(folder(person), 3)));
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  static void assertIdentified(TestServer door, List<String> people) {
    for (String person : people) {
      JsonNode json = identify(door, person);
      assertEquals("identified", json.path("outcome").asText(), json::toString);
      assertEquals(person, json.path("identity").asText(), json::toString);
    }
  }

  static TestServer.Response migrate(TestServer door, String key, String body) {
    return door.post("/api/v1/admin/migrate", key, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theDoorMigratesWhileServingThenSwitchesAndKnowsEveryoneEnrolledMeanwhile() throws Exception {
    List<String> everyone = new java.util.ArrayList<>(BEFORE.keySet());
    everyone.add(DURING);
    try (TestServer door = TestServer.withModels(dir)) {
      assertEquals("idle", door.get("/api/v1/admin/migrate", TestServer.ADMIN).json().path("state").asText());
      BEFORE.keySet().forEach(p -> enroll(door, p));
      enroll(door, REMOVED);
      double oldThreshold = identify(door, "Ariel Sharon").path("threshold").asDouble();

      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      door.server.migration().afterEachFace(done -> {
        if (done == HOLD_AT) {
          held.countDown();
          try {
            assertTrue(release.await(120, TimeUnit.SECONDS), "the test never released the migration");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      assertEquals("unknown_model", migrate(door, TestServer.ADMIN, "{\"model\":\"resnet-9000\"}").errorCode());
      assertTrue(migrate(door, TestServer.ADMIN, "{\"model\":\"resnet-9000\"}").json().path("error").path("message")
          .asText().contains("resnet-9000"));
      assertEquals("missing_field", migrate(door, TestServer.ADMIN, "{}").errorCode());
      assertEquals(403, migrate(door, TestServer.KIOSK, "{\"model\":\"" + TO + "\"}").status());
      assertEquals("bad_input", migrate(door, TestServer.ADMIN, "{\"model\":\"mobilefacenet-192\"}").errorCode());

      TestServer.Response started = migrate(door, TestServer.ADMIN, "{\"model\":\"" + TO + "\"}");
      assertEquals(202, started.status(), started::toString);
      assertEquals("running", started.json().path("state").asText(), started::toString);
      assertTrue(held.await(120, TimeUnit.SECONDS), "the migration never reached face " + HOLD_AT);

      // Mid-migration: a second start is refused, the door answers from the old gallery, and changes to it count.
      TestServer.Response again = migrate(door, TestServer.ADMIN, "{\"model\":\"" + TO + "\"}");
      assertEquals(409, again.status(), again::toString);
      assertEquals("migration_running", again.errorCode());
      JsonNode midway = door.get("/api/v1/admin/migrate", TestServer.ADMIN).json();
      assertEquals("running", midway.path("state").asText(), midway::toString);
      assertEquals(HOLD_AT, midway.path("done").asInt(), midway::toString);
      assertEquals(12, midway.path("total").asInt(), midway::toString);
      assertEquals("mobilefacenet-192", door.get("/health", null).json().path("model").asText());
      assertIdentified(door, List.copyOf(BEFORE.keySet()));
      enroll(door, DURING);
      assertIdentified(door, List.of(DURING));
      assertEquals(200, door.delete("/api/v1/people/" + DoorEndToEndTest.path(REMOVED), TestServer.ADMIN).status());
      release.countDown();

      JsonNode done = waitForTheEnd(door);
      assertEquals("switched", done.path("state").asText(), done::toString);
      assertEquals(TO, door.get("/health", null).json().path("model").asText());
      assertEquals(TO, door.server.model().name());
      assertIdentified(door, everyone);
      JsonNode unknown = identify(door, "Aaron Peirsol");
      assertEquals("unknown", unknown.path("outcome").asText(), unknown::toString);
      double newThreshold = identify(door, "Ariel Sharon").path("threshold").asDouble();
      assertEquals(TO, door.server.thresholds().spec().name());
      assertTrue(door.server.thresholds().calibration().isPresent(), "dlib-resnet-128 has a shipped calibration");
      assertTrue(Math.abs(newThreshold - oldThreshold) > 1e-6, "the threshold must be dlib's own, not mobilefacenet's");
      System.out.printf("identify threshold: %s %.4f -> %s %.4f%n", "mobilefacenet-192", oldThreshold, TO, newThreshold);

      JsonNode people = door.get("/api/v1/people", TestServer.ADMIN).json();
      assertEquals(6, people.path("people").asInt(), people::toString);
      assertEquals(12, people.path("faces").asInt(), people::toString);
      for (JsonNode p : people.path("list")) {
        assertFalse(REMOVED.equals(p.path("name").asText()), people::toString);
        for (JsonNode f : p.path("faces")) {
          assertNotNull(f.path("thumbnail").textValue(), "thumbnail lost in the switch: " + p);
          assertEquals(200, door.get(f.path("thumbnail").asText(), TestServer.ADMIN).status());
        }
      }
      assertEquals("bad_input", migrate(door, TestServer.ADMIN, "{\"model\":\"" + TO + "\"}").errorCode());
      enroll(door, "George W Bush");
    }

    try (Gallery kept = Gallery.open(dir.resolve("gallery.before-" + TO), GalleryOptions.defaults())) {
      assertEquals("mobilefacenet-192", kept.spec().model().name());
      assertEquals(6, kept.personCount());
      assertEquals(12, kept.size());
    }
    try (AuditLog audit = AuditLog.openReadOnly(AuditLog.fileIn(dir))) {
      List<AdminEvent> events = audit.recentEvents(10);
      assertEquals(List.of(AdminEvent.Action.MODEL_SWITCHED, AdminEvent.Action.MIGRATION_STARTED),
          events.stream().map(AdminEvent::action).toList());
      assertTrue(events.get(0).detail().contains("mobilefacenet-192 -> " + TO), events.get(0).detail());
      assertEquals("admin", events.get(0).keyName());
      assertTrue(events.get(0).detail().contains("6 people, 12 faces of " + TO + " (2 removed during the migration"),
          events.get(0).detail());
      events.forEach(e -> System.out.println("audit: " + e.at() + " " + e.action().label() + " " + e.detail()));
    }
    try (TestServer restarted = TestServer.withModels(dir)) {
      assertEquals(TO, restarted.server.model().name());
      everyone.add("George W Bush");
      assertIdentified(restarted, everyone);
    }
  }

  static JsonNode waitForTheEnd(TestServer door) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      JsonNode s = door.get("/api/v1/admin/migrate", TestServer.ADMIN).json();
      if (!"running".equals(s.path("state").asText())) {
        return s;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the migration did not finish within 180 s");
  }

  @Test
  void aGalleryWithFacesWithoutChipsIsNotSwitchedAndItsPeopleAreListed() throws Exception {
    TestServer.seedGallery(dir, 3, 14);
    try (TestServer door = TestServer.withModels(dir)) {
      assertEquals(202, migrate(door, TestServer.ADMIN, "{\"model\":\"" + TO + "\"}").status());
      JsonNode end = waitForTheEnd(door);
      assertEquals("incomplete", end.path("state").asText(), end::toString);
      assertEquals(3, end.path("needNewPhotos").size(), end::toString);
      JsonNode first = end.path("needNewPhotos").get(0);
      assertEquals("Synthetic Person 0000", first.path("person").asText(), end::toString);
      assertEquals(2, first.path("facesWithoutChip").asInt(), end::toString);
      assertTrue(first.path("wholePerson").asBoolean(), end::toString);
      assertEquals("mobilefacenet-192", door.get("/health", null).json().path("model").asText());
      assertEquals(3, door.get("/api/v1/people", TestServer.ADMIN).json().path("people").asInt());
    }
    try (AuditLog audit = AuditLog.openReadOnly(AuditLog.fileIn(dir))) {
      assertEquals(AdminEvent.Action.MIGRATION_FAILED, audit.recentEvents(1).get(0).action());
    }
    try (Gallery g = Gallery.open(dir.resolve("gallery"), GalleryOptions.defaults())) {
      assertEquals("mobilefacenet-192", g.spec().model().name());
      assertEquals(6, g.size());
    }
  }
}
