package org.likeness.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin enroll route refuses a request holding a face below the quality floor with 422 {@code
 * low_quality_face} naming the image and the reason, enrolls nothing from it, and enrolls it with
 * the failed check reported when {@code force=true}.
 */
@Tag("model")
class EnrollQualityTest {
  @TempDir static java.nio.file.Path dir;
  static TestServer door;

  @BeforeAll
  static void start() {
    door = TestServer.withModels(dir);
  }

  @AfterAll
  static void stop() {
    door.close();
  }

  /** Laura Bush's fourth LFW photo shrunk to a quarter, so her face (about 93 px) is about 24 px wide. */
  static byte[] tinyFace() throws IOException {
    BufferedImage photo = ImageIO.read(new ByteArrayInputStream(DoorEndToEndTest.photo("Laura_Bush", 4)));
    int w = Math.round(photo.getWidth() * 24f / 93);
    int h = Math.round(photo.getHeight() * 24f / 93);
    BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = small.createGraphics();
    g.drawImage(photo.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING), 0, 0, null);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(small, "png", out);
    return out.toByteArray();
  }

  static MultipartBody tinyAndClean() throws IOException {
    return new MultipartBody().file("image", "clean.jpg", "image/jpeg", DoorEndToEndTest.photo("Laura_Bush", 1))
        .file("image", "tiny.png", "image/png", tinyFace());
  }

  @Test
  void tinyFaceRefusesTheWholeRequestNamingImageAndReasonAndForceEnrollsIt() throws IOException {
    TestServer.Response refused = door.post("/api/v1/people/Laura%20Bush/faces", TestServer.ADMIN, tinyAndClean());
    assertEquals(422, refused.status(), refused::toString);
    assertEquals("low_quality_face", refused.errorCode(), refused::toString);
    String message = refused.json().path("error").path("message").asText();
    assertTrue(message.matches("tiny\\.png: face too small \\(\\d+ px, need \\d+\\); send force=true to enroll it anyway"),
        message);
    assertEquals(0, door.get("/api/v1/people", TestServer.ADMIN).json().path("faces").asInt(),
        "nothing of the refused request was enrolled");

    TestServer.Response forced = door.post("/api/v1/people/Laura%20Bush/faces?force=true", TestServer.ADMIN,
        tinyAndClean());
    assertEquals(200, forced.status(), forced::toString);
    JsonNode results = forced.json().path("results");
    assertEquals("enrolled", results.get(0).path("status").asText(), forced::toString);
    assertTrue(results.get(0).path("quality").isNull(), "a clean LFW face passes: " + forced);
    assertEquals("enrolled", results.get(1).path("status").asText(), forced::toString);
    JsonNode quality = results.get(1).path("quality");
    assertEquals("FACE_TOO_SMALL", quality.path("issue").asText(), forced::toString);
    assertEquals("come closer", quality.path("advice").asText());
    assertTrue(message.contains(quality.path("message").asText()), message + " vs " + quality);
    assertEquals(2, forced.json().path("faces").asInt());
  }

  @Test
  void forceMustBeTrueOrFalse() throws IOException {
    TestServer.Response r = door.post("/api/v1/people/Laura%20Bush/faces?force=yes", TestServer.ADMIN, tinyAndClean());
    assertEquals(400, r.status(), r::toString);
    assertEquals("invalid_parameter", r.errorCode());
    assertTrue(r.json().path("error").path("message").asText().contains("'yes'"), r::toString);
  }
}
