package org.likeness.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and careless requests over HTTP get the right 4xx with a stable code, the server stays up,
 * and neither the gallery nor the audit log changes. No models are needed: every request here is
 * refused before a face engine would run.
 */
class BadRequestsTest {
  @TempDir static Path dir;
  static TestServer door;
  static JsonNode peopleBefore;

  @BeforeAll
  static void startOverSeededGallery() {
    TestServer.seedGallery(dir, 3, 42);
    door = TestServer.withoutModels(dir);
    peopleBefore = door.get("/api/v1/people", TestServer.ADMIN).json();
    assertEquals(3, peopleBefore.path("people").asInt(), peopleBefore::toString);
  }

  @AfterAll
  static void stop() {
    door.close();
  }

  /** After every request: still up, same people and faces, no decision logged. */
  @AfterEach
  void serverIsUpAndNothingChanged() {
    assertEquals(200, door.get("/health", null).status());
    assertEquals(peopleBefore, door.get("/api/v1/people", TestServer.ADMIN).json());
    JsonNode audit = door.get("/api/v1/audit", TestServer.ADMIN).json();
    assertEquals(0, audit.path("entries").size(), audit::toString);
  }

  private static MultipartBody image(String fileName, byte[] bytes) {
    return new MultipartBody().file("image", fileName, "image/jpeg", bytes);
  }

  private static void assertError(int status, String code, TestServer.Response r) {
    assertEquals(status, r.status(), r::toString);
    assertEquals(code, r.errorCode(), r::toString);
    String body = r.text();
    assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains("at org."), body);
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers()::toString);
  }

  @Test
  void noKeyIsUnauthorizedWithBearerChallenge() {
    TestServer.Response r = door.post("/api/v1/identify", null, image("a.jpg", TestImages.jpeg(64, 64)));
    assertError(401, "missing_key", r);
    assertEquals("Bearer realm=\"likeness\"", r.headers().firstValue("WWW-Authenticate").orElse(""));
  }

  @Test
  void anotherAuthorizationSchemeCountsAsNoKey() {
    TestServer.Response r = door.send(door.request("/api/v1/people", null)
        .header("Authorization", "Basic " + TestServer.ADMIN).GET());
    assertError(401, "missing_key", r);
  }

  @Test
  void wrongKeyIsUnauthorized() {
    assertError(401, "invalid_key", door.post("/api/v1/identify", "not-the-key-at-all-0123", image("a.jpg", TestImages.jpeg(64, 64))));
    assertError(401, "invalid_key", door.get("/api/v1/people", TestServer.ADMIN + "x"));
  }

  @Test
  void kioskKeyOnAdminRoutesIsForbidden() {
    assertError(403, "admin_key_required", door.get("/api/v1/people", TestServer.KIOSK));
    assertError(403, "admin_key_required", door.get("/api/v1/audit", TestServer.KIOSK));
    assertError(403, "admin_key_required", door.get("/metrics", TestServer.KIOSK));
    assertError(403, "admin_key_required", door.delete("/api/v1/people/Synthetic%20Person%200000", TestServer.KIOSK));
    assertError(403, "admin_key_required",
        door.post("/api/v1/people/Mallory/faces", TestServer.KIOSK, image("a.jpg", TestImages.jpeg(64, 64))));
  }

  @Test
  void whoamiNamesTheKeyButNeverShowsIt() {
    TestServer.Response kiosk = door.get("/api/v1/whoami", TestServer.KIOSK);
    assertEquals(200, kiosk.status(), kiosk::toString);
    assertEquals("kiosk", kiosk.json().path("role").asText());
    assertFalse(kiosk.text().contains(TestServer.KIOSK));
    assertEquals("admin", door.get("/api/v1/whoami", TestServer.ADMIN).json().path("role").asText());
  }

  @Test
  void emptyMultipartBodyIsBadRequest() {
    assertError(400, "bad_multipart", door.post("/api/v1/identify", TestServer.KIOSK,
        "multipart/form-data; boundary=nothing-here", new byte[0]));
  }

  @Test
  void bodyThatIsNotMultipartIsUnsupported() {
    assertError(415, "not_multipart", door.post("/api/v1/identify", TestServer.KIOSK, null, new byte[0]));
    assertError(415, "not_multipart", door.post("/api/v1/identify", TestServer.KIOSK, "image/jpeg", TestImages.jpeg(64, 64)));
  }

  @Test
  void formWithoutImageFieldIsBadRequest() {
    assertError(400, "missing_image", door.post("/api/v1/identify", TestServer.KIOSK,
        new MultipartBody().file("photo", "a.jpg", "image/jpeg", TestImages.jpeg(64, 64))));
  }

  @Test
  void twoImagesToIdentifyAreRefused() {
    assertError(400, "too_many_images", door.post("/api/v1/identify", TestServer.KIOSK,
        image("a.jpg", TestImages.jpeg(64, 64)).file("image", "b.jpg", "image/jpeg", TestImages.jpeg(64, 64))));
  }

  @Test
  void fiftyMegabyteUploadIsTooLarge() {
    byte[] big = new byte[50 * 1024 * 1024];
    new Random(1).nextBytes(big);
    assertError(413, "payload_too_large", door.post("/api/v1/identify", TestServer.KIOSK, image("big.jpg", big)));
  }

  @Test
  void chunkedUploadWithoutLengthIsCutOffAtTheLimit() {
    byte[] big = new byte[12 * 1024 * 1024];
    new Random(2).nextBytes(big);
    MultipartBody body = image("big.jpg", big);
    byte[] bytes = body.bytes();
    // The server answers 413 and closes while the client is still sending; under load the client
    // can lose that race and see the connection close before the answer. A few tries must see it.
    java.io.UncheckedIOException lost = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        TestServer.Response r = door.send(door.request("/api/v1/identify", TestServer.KIOSK)
            .header("Content-Type", body.contentType())
            .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))));
        assertError(413, "payload_too_large", r);
        return;
      } catch (java.io.UncheckedIOException e) {
        lost = e;
      }
    }
    throw new AssertionError("no answer to a chunked oversized upload in 3 tries", lost);
  }

  @Test
  void textFileNamedLikeAPhotoIsNotAnImage() {
    byte[] text = "this is a text file, whatever its name and type say\n".getBytes(StandardCharsets.UTF_8);
    TestServer.Response r = door.post("/api/v1/identify", TestServer.KIOSK, image("photo.jpg", text));
    assertError(400, "not_an_image", r);
    assertTrue(r.json().path("error").path("message").asText().contains("photo.jpg"), r::toString);
  }

  @Test
  void truncatedJpegIsRefused() {
    assertError(400, "truncated_image", door.post("/api/v1/identify", TestServer.KIOSK, image("cut.jpg", TestImages.truncatedJpeg())));
  }

  @Test
  void pngBombIsRefusedFromItsHeader() {
    TestServer.Response r = door.post("/api/v1/verify", TestServer.KIOSK,
        new MultipartBody().field("name", "Synthetic Person 0000").file("image", "bomb.png", "image/png", TestImages.pngBomb(100_000, 100_000)));
    assertError(400, "image_too_many_pixels", r);
  }

  @Test
  void badImagesSentForEnrollmentAreReportedAndNotEnrolled() {
    TestServer.Response r = door.post("/api/v1/people/Mallory/faces", TestServer.ADMIN,
        image("bomb.png", TestImages.pngBomb(100_000, 100_000))
            .file("image", "notes.jpg", "image/jpeg", "plain text".getBytes(StandardCharsets.UTF_8))
            .file("image", "cut.jpg", "image/jpeg", TestImages.truncatedJpeg()));
    assertEquals(200, r.status(), r::toString);
    JsonNode results = r.json().path("results");
    assertEquals(3, results.size(), r::toString);
    for (JsonNode result : results) {
      assertEquals("bad_image", result.path("status").asText(), r::toString);
    }
    assertEquals(0, r.json().path("faces").asInt());
    assertError(404, "no_such_person", door.get("/api/v1/people/Mallory", TestServer.ADMIN));
  }

  @Test
  void nameWithDotDotSlashIsRefusedBeforeAnythingIsRead() {
    String name = URLEncoder.encode("../../etc/passwd", StandardCharsets.UTF_8);
    assertError(400, "invalid_name", door.post("/api/v1/people/" + name + "/faces", TestServer.ADMIN, image("a.jpg", TestImages.jpeg(64, 64))));
    assertError(400, "invalid_name", door.post("/api/v1/people/..%5Cwindows/faces", TestServer.ADMIN, image("a.jpg", TestImages.jpeg(64, 64))));
    assertError(400, "invalid_name", door.delete("/api/v1/people/..", TestServer.ADMIN));
  }

  @Test
  void nameWithControlCharacterIsRefused() {
    assertError(400, "invalid_name", door.post("/api/v1/people/Eve%0Aroot/faces", TestServer.ADMIN, image("a.jpg", TestImages.jpeg(64, 64))));
    assertError(400, "invalid_name", door.post("/api/v1/verify", TestServer.KIOSK,
        image("a.jpg", TestImages.jpeg(64, 64)).field("name", "Eve\u0000")));
  }

  @Test
  void tenThousandCharacterNameIsRefused() {
    String name = "A".repeat(10_000);
    assertError(400, "invalid_name", door.post("/api/v1/people/" + name + "/faces", TestServer.ADMIN, image("a.jpg", TestImages.jpeg(64, 64))));
    assertError(400, "invalid_name", door.post("/api/v1/verify", TestServer.KIOSK, image("a.jpg", TestImages.jpeg(64, 64)).field("name", name)));
  }

  @Test
  void nameTooLongForHttpItselfStillGetsAJsonError() {
    assertError(414, "uri_too_long", door.delete("/api/v1/people/" + "B".repeat(100_000), TestServer.ADMIN));
  }

  @Test
  void oversizedHeadersGetAJsonError() {
    assertError(431, "headers_too_large", door.send(door.request("/health", null).header("X-Padding", "p".repeat(100_000)).GET()));
  }

  @Test
  void verifyWithoutNameIsBadRequest() {
    assertError(400, "missing_field", door.post("/api/v1/verify", TestServer.KIOSK, image("a.jpg", TestImages.jpeg(64, 64))));
  }

  @Test
  void unknownPersonAndFaceAreNotFound() {
    assertError(404, "no_such_person", door.delete("/api/v1/people/Nobody", TestServer.ADMIN));
    assertError(404, "no_such_face", door.delete("/api/v1/people/Synthetic%20Person%200000/faces/999999", TestServer.ADMIN));
    assertError(400, "invalid_parameter", door.delete("/api/v1/people/Synthetic%20Person%200000/faces/abc", TestServer.ADMIN));
    assertError(404, "no_thumbnail", door.get("/api/v1/people/Synthetic%20Person%200000/faces/1/thumbnail", TestServer.ADMIN));
  }

  @Test
  void faceOfAnotherPersonCannotBeRemovedThroughTheWrongName() {
    long otherPersonsFace = peopleBefore.path("list").get(1).path("faces").get(0).path("id").asLong();
    assertError(404, "no_such_face", door.delete("/api/v1/people/Synthetic%20Person%200000/faces/" + otherPersonsFace, TestServer.ADMIN));
  }

  @Test
  void unknownRouteAndWrongMethodAnswerJson() {
    assertError(404, "not_found", door.get("/api/v2/identify", TestServer.ADMIN));
    assertError(405, "method_not_allowed", door.get("/api/v1/identify", TestServer.ADMIN));
  }

  @Test
  void badAuditLimitIsBadRequest() {
    assertError(400, "invalid_parameter", door.get("/api/v1/audit?limit=0", TestServer.ADMIN));
    assertError(400, "invalid_parameter", door.get("/api/v1/audit?limit=lots", TestServer.ADMIN));
  }
}
