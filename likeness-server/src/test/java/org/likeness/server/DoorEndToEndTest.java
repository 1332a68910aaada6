package org.likeness.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.models.Sha256;
import org.likeness.server.audit.AuditEntry;
import org.likeness.server.audit.AuditLog;

/**
 * The door over HTTP with the real model on LFW: three people enrolled from two photos each are
 * recognised from a third, a stranger is unknown, a false claim is refused, and the audit log holds
 * every decision. The tests run in order on one server, as a day at the door would.
 */
@Tag("model")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DoorEndToEndTest {
  static final Path LFW = Path.of(System.getProperty("likeness.lfw", "../../shared/data/lfw"), "images_deepfunneled");
  static final Map<String, String> PEOPLE = Map.of(
      "Serena Williams", "Serena_Williams", "Laura Bush", "Laura_Bush", "Hugo Chavez", "Hugo_Chavez");
  static final String STRANGER = "Aaron_Peirsol";

  @TempDir static Path dir;
  static TestServer door;
  /** Decisions asked for; the concurrency test asks from six threads at once. */
  static final java.util.concurrent.atomic.AtomicInteger decisions = new java.util.concurrent.atomic.AtomicInteger();

  @BeforeAll
  static void start() {
    door = TestServer.withModels(dir);
  }

  @AfterAll
  static void stop() {
    door.close();
  }

  static byte[] photo(String folder, int n) {
    try {
      return Files.readAllBytes(LFW.resolve(folder).resolve(String.format("%s_%04d.jpg", folder, n)));
    } catch (IOException e) {
      throw new AssertionError("LFW photo missing under " + LFW, e);
    }
  }

  static String path(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static TestServer.Response identify(String key, byte[] photo) {
    decisions.incrementAndGet();
    return door.post("/api/v1/identify", key, new MultipartBody().file("image", "door.jpg", "image/jpeg", photo));
  }

  static TestServer.Response verify(String key, String name, byte[] photo) {
    decisions.incrementAndGet();
    return door.post("/api/v1/verify", key, new MultipartBody().field("name", name).file("image", "door.jpg", "image/jpeg", photo));
  }

  @Test
  @Order(1)
  void enrollsThreePeopleFromTwoPhotosEach() {
    for (var p : PEOPLE.entrySet()) {
      TestServer.Response r = door.post("/api/v1/people/" + path(p.getKey()) + "/faces", TestServer.ADMIN,
          new MultipartBody().file("image", "1.jpg", "image/jpeg", photo(p.getValue(), 1))
              .file("image", "2.jpg", "image/jpeg", photo(p.getValue(), 2)));
      assertEquals(200, r.status(), r::toString);
      JsonNode json = r.json();
      assertEquals(p.getKey(), json.path("person").asText());
      for (JsonNode result : json.path("results")) {
        assertEquals("enrolled", result.path("status").asText(), r::toString);
      }
      assertEquals(2, json.path("faces").asInt(), r::toString);
    }
    JsonNode people = door.get("/api/v1/people", TestServer.ADMIN).json();
    assertEquals(3, people.path("people").asInt(), people::toString);
    assertEquals(6, people.path("faces").asInt(), people::toString);
  }

  @Test
  @Order(2)
  void enrollingTheSamePhotoAgainChangesNothingAndUnderAnotherNameIsRefused() {
    TestServer.Response again = door.post("/api/v1/people/" + path("Laura Bush") + "/faces", TestServer.ADMIN,
        new MultipartBody().file("image", "1.jpg", "image/jpeg", photo("Laura_Bush", 1)));
    assertEquals("already_enrolled", again.json().path("results").get(0).path("status").asText(), again::toString);
    TestServer.Response other = door.post("/api/v1/people/" + path("Hugo Chavez") + "/faces", TestServer.ADMIN,
        new MultipartBody().file("image", "laura.jpg", "image/jpeg", photo("Laura_Bush", 1)));
    assertEquals("refused", other.json().path("results").get(0).path("status").asText(), other::toString);
    assertEquals(6, door.get("/api/v1/people", TestServer.ADMIN).json().path("faces").asInt());
  }

  @Test
  @Order(3)
  void identifiesEachPersonFromAnotherPhotoAndTellsTheKioskNothingMore() {
    for (var p : PEOPLE.entrySet()) {
      TestServer.Response r = identify(TestServer.KIOSK, photo(p.getValue(), 3));
      assertEquals(200, r.status(), r::toString);
      JsonNode json = r.json();
      assertEquals("identified", json.path("outcome").asText(), r::toString);
      assertEquals(p.getKey(), json.path("identity").asText(), r::toString);
      assertTrue(json.path("distance").asDouble() <= json.path("threshold").asDouble(), r::toString);
      assertEquals(0, json.path("candidates").size(), "a kiosk key must not list candidates: " + r);
    }
  }

  @Test
  @Order(4)
  void adminSeesTheCandidatesBestFirst() {
    JsonNode json = identify(TestServer.ADMIN, photo("Serena_Williams", 4)).json();
    assertEquals("Serena Williams", json.path("identity").asText(), json::toString);
    assertEquals(3, json.path("candidates").size(), json::toString);
    assertEquals("Serena Williams", json.path("candidates").get(0).path("identity").asText());
    assertTrue(json.path("candidates").get(0).path("distance").asDouble()
        <= json.path("candidates").get(1).path("distance").asDouble(), json::toString);
  }

  @Test
  @Order(5)
  void strangerIsUnknownAndTheKioskLearnsNoDistance() {
    JsonNode kiosk = identify(TestServer.KIOSK, photo(STRANGER, 1)).json();
    assertEquals("unknown", kiosk.path("outcome").asText(), kiosk::toString);
    assertTrue(kiosk.path("identity").isNull(), kiosk::toString);
    assertTrue(kiosk.path("distance").isNull(), kiosk::toString);
    JsonNode admin = identify(TestServer.ADMIN, photo(STRANGER, 2)).json();
    assertTrue(admin.path("identity").isNull(), admin::toString);
    assertTrue(admin.path("distance").asDouble() > admin.path("threshold").asDouble(), admin::toString);
  }

  @Test
  @Order(6)
  void verifyAcceptsTheTrueClaimAndRefusesAWrongOne() {
    JsonNode right = verify(TestServer.KIOSK, "Hugo Chavez", photo("Hugo_Chavez", 5)).json();
    assertTrue(right.path("accepted").asBoolean(), right::toString);
    assertEquals("accepted", right.path("outcome").asText());
    JsonNode wrong = verify(TestServer.KIOSK, "Laura Bush", photo("Serena_Williams", 3)).json();
    assertFalse(wrong.path("accepted").asBoolean(), wrong::toString);
    assertEquals("rejected", wrong.path("outcome").asText(), wrong::toString);
    assertTrue(wrong.path("distance").isNull(), "a kiosk learns no distance from a refusal: " + wrong);
  }

  @Test
  @Order(7)
  void unknownClaimedNameLooksLikeAnyRefusalToTheKioskButNotToTheAdmin() {
    JsonNode kiosk = verify(TestServer.KIOSK, "Nobody Enrolled", photo("Laura_Bush", 3)).json();
    assertFalse(kiosk.path("accepted").asBoolean(), kiosk::toString);
    assertEquals("rejected", kiosk.path("outcome").asText(), kiosk::toString);
    assertTrue(kiosk.path("distance").isNull(), kiosk::toString);
    JsonNode admin = verify(TestServer.ADMIN, "Nobody Enrolled", photo("Laura_Bush", 3)).json();
    assertEquals("unknown_name", admin.path("outcome").asText(), admin::toString);
  }

  @Test
  @Order(7)
  void aFaceTooSmallIsRefusedWithAdviceForThePersonNotGuessedOn() throws IOException {
    // Serena Williams, enrolled, but so far from the camera that her face is about 24 px wide.
    BufferedImage full = ImageIO.read(new ByteArrayInputStream(photo("Serena_Williams", 6)));
    BufferedImage small = new BufferedImage(65, 65, BufferedImage.TYPE_3BYTE_BGR);
    java.awt.Graphics2D g = small.createGraphics();
    g.drawImage(full.getScaledInstance(65, 65, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
    g.dispose();
    java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
    ImageIO.write(small, "jpeg", jpeg);
    JsonNode kiosk = identify(TestServer.KIOSK, jpeg.toByteArray()).json();
    assertEquals("low_quality", kiosk.path("outcome").asText(), kiosk::toString);
    assertEquals("low_quality", kiosk.path("reason").asText(), kiosk::toString);
    assertTrue(kiosk.path("identity").isNull(), kiosk::toString);
    assertEquals("FACE_TOO_SMALL", kiosk.path("quality").path("issue").asText(), kiosk::toString);
    assertEquals("come closer", kiosk.path("quality").path("advice").asText(), kiosk::toString);
    assertTrue(kiosk.path("quality").path("message").asText().startsWith("face too small ("), kiosk::toString);
    JsonNode claim = verify(TestServer.KIOSK, "Serena Williams", jpeg.toByteArray()).json();
    assertFalse(claim.path("accepted").asBoolean(), claim::toString);
    assertEquals("low_quality", claim.path("outcome").asText(), claim::toString);
    // The same answer for a name nobody has: a kiosk cannot probe names with poor photos.
    JsonNode nobody = verify(TestServer.KIOSK, "Nobody Enrolled Either", jpeg.toByteArray()).json();
    assertEquals("low_quality", nobody.path("outcome").asText(), nobody::toString);
    assertEquals(claim.path("quality").toString(), nobody.path("quality").toString());
  }

  @Test
  @Order(8)
  void identifyRunsInParallelWhileSomeoneIsEnrolled() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<TestServer.Response>> probes = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = 6 + i;
        probes.add(pool.submit(() -> identify(TestServer.KIOSK, photo("Serena_Williams", n))));
      }
      Future<TestServer.Response> enrolment = pool.submit(() -> door.post("/api/v1/people/" + path("Ariel Sharon") + "/faces",
          TestServer.ADMIN, new MultipartBody().file("image", "1.jpg", "image/jpeg", photo("Ariel_Sharon", 1))));
      for (Future<TestServer.Response> f : probes) {
        TestServer.Response r = f.get();
        assertEquals(200, r.status(), r::toString);
        assertEquals("Serena Williams", r.json().path("identity").asText(), r::toString);
      }
      assertEquals("enrolled", enrolment.get().json().path("results").get(0).path("status").asText());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Order(9)
  void thumbnailIsASmallJpegOfTheFace() throws IOException {
    JsonNode laura = door.get("/api/v1/people/" + path("Laura Bush"), TestServer.ADMIN).json();
    String url = laura.path("faces").get(0).path("thumbnail").asText();
    TestServer.Response r = door.get(url, TestServer.ADMIN);
    assertEquals(200, r.status(), r::toString);
    assertEquals("image/jpeg", r.headers().firstValue("Content-Type").orElse(""));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
    assertEquals(Thumbnails.SIZE, img.getWidth());
    assertEquals(Thumbnails.SIZE, img.getHeight());
  }

  @Test
  @Order(10)
  void auditLogHoldsEveryDecisionWithTheKeyNameAndPhotoHash() {
    JsonNode entries = door.get("/api/v1/audit?limit=1000", TestServer.ADMIN).json().path("entries");
    assertEquals(decisions.get(), entries.size(), entries::toString);
    List<JsonNode> unknownName = new ArrayList<>();
    entries.forEach(e -> {
      if (e.path("claimedName").asText().equals("Nobody Enrolled")) {
        unknownName.add(e);
      }
    });
    assertEquals(2, unknownName.size(), entries::toString);
    JsonNode byAdmin = unknownName.get(0);
    assertEquals("verify", byAdmin.path("endpoint").asText());
    assertEquals("unknown_name", byAdmin.path("outcome").asText(), "the audit log tells the truth the kiosk is not told");
    assertEquals("admin", byAdmin.path("keyName").asText());
    assertEquals("kiosk", unknownName.get(1).path("keyName").asText());
    assertEquals("unknown_name", unknownName.get(1).path("outcome").asText());
    assertTrue(byAdmin.path("identity").isNull(), byAdmin::toString);
    assertEquals(Sha256.of(photo("Laura_Bush", 3)), byAdmin.path("imageSha256").asText());
    long identified = 0;
    for (JsonNode e : entries) {
      if (e.path("outcome").asText().equals("identified")) {
        identified++;
        assertFalse(e.path("identity").isNull(), e::toString);
      }
    }
    assertEquals(3 + 1 + 8, identified, entries::toString);
    // The command line reads the same file while the service runs.
    try (AuditLog log = AuditLog.openReadOnly(AuditLog.fileIn(dir))) {
      List<AuditEntry> all = log.recent(1000);
      assertEquals(decisions.get(), all.size());
      assertEquals("kiosk", all.get(all.size() - 1).keyName());
    }
    String metrics = door.get("/metrics", TestServer.ADMIN).text();
    assertTrue(metrics.contains("likeness_decisions_total{endpoint=\"identify\",outcome=\"identified\"} 12"), metrics);
    assertTrue(metrics.contains("likeness_gallery_people 4"), metrics);
    assertFalse(metrics.contains("Serena"), "metrics must not name people: " + metrics);
  }

  @Test
  @Order(11)
  void removedPersonIsNoLongerRecognised() {
    JsonNode hugo = door.get("/api/v1/people/" + path("Hugo Chavez"), TestServer.ADMIN).json();
    long face = hugo.path("faces").get(0).path("id").asLong();
    JsonNode removedFace = door.delete("/api/v1/people/" + path("Hugo Chavez") + "/faces/" + face, TestServer.ADMIN).json();
    assertFalse(removedFace.path("personRemoved").asBoolean(), removedFace::toString);
    assertEquals(404, door.get("/api/v1/people/" + path("Hugo Chavez") + "/faces/" + face + "/thumbnail", TestServer.ADMIN).status());
    TestServer.Response removed = door.delete("/api/v1/people/" + path("Hugo Chavez"), TestServer.ADMIN);
    assertEquals(200, removed.status(), removed::toString);
    assertEquals(1, removed.json().path("facesRemoved").asInt());
    JsonNode after = identify(TestServer.ADMIN, photo("Hugo_Chavez", 3)).json();
    assertFalse(after.path("identity").asText("").equals("Hugo Chavez"), after::toString);
    after.path("candidates").forEach(c -> assertFalse(c.path("identity").asText().equals("Hugo Chavez"), after::toString));
  }
}
