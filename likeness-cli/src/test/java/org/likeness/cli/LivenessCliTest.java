package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.models.LivenessCalibration;
import org.likeness.models.ModelCatalog;

/**
 * {@code likeness liveness --json} on a real face and on a photo without one, and the liveness line
 * {@code verify} prints beside the match.
 */
@Tag("model")
class LivenessCliTest {
  @TempDir Path dir;

  @Test
  void printsOneObjectPerImageWithLiveNullWhenThereIsNoFace() throws IOException {
    Path blank = dir.resolve("wall.png");
    ImageIO.write(new BufferedImage(200, 160, BufferedImage.TYPE_INT_RGB), "png", blank.toFile());
    CliRun.Result r = CliRun.run("liveness", "--json", CliRun.lfwImage().toString(), blank.toString());
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().strip().split("\n");
    assertEquals(2, lines.length, r.out());
    ObjectMapper json = new ObjectMapper();
    JsonNode face = json.readTree(lines[0]);
    double shipped = LivenessCalibration.shipped(ModelCatalog.DEFAULT_LIVENESS).orElseThrow().maxAttackScore();
    assertEquals(1, face.path("faces").asInt(), lines[0]);
    assertTrue(face.path("live").isBoolean(), lines[0]);
    assertEquals(shipped, face.path("threshold").asDouble(), 1e-12, lines[0]);
    assertEquals(face.path("score").asDouble() < shipped, face.path("live").asBoolean(), lines[0]);
    assertEquals(face.path("live").asBoolean() ? "live" : "looks_like_photo_or_screen", face.path("reason").asText());
    JsonNode wall = json.readTree(lines[1]);
    assertEquals(0, wall.path("faces").asInt(), lines[1]);
    assertTrue(wall.path("live").isNull(), lines[1]);
    assertTrue(wall.path("score").isNull(), lines[1]);
    assertEquals("no_face", wall.path("reason").asText(), lines[1]);
  }

  @Test
  void verifyReportsLivenessBesideTheMatchAndOffLeavesItOut() {
    Path a = CliRun.lfwImage();
    Path b = a.resolveSibling("Aaron_Eckhart_0001.jpg");
    CliRun.Result on = CliRun.run("verify", "--liveness", "on", a.toString(), b.toString());
    assertEquals(0, on.code(), on.err());
    assertTrue(on.out().contains("liveness: " + a + ": "), on.out());
    assertTrue(on.out().contains("reported only"), "the shipped passive network does not gate: " + on.out());
    CliRun.Result off = CliRun.run("verify", "--liveness", "off", a.toString(), b.toString());
    assertTrue(!off.out().contains("liveness:"), off.out());
    CliRun.Result bad = CliRun.run("verify", "--liveness", "maybe", a.toString(), b.toString());
    assertEquals(2, bad.code(), bad.out());
    assertTrue(bad.err().contains("'maybe'"), bad.err());
  }

  @Test
  void identifyAddsTheLivenessColumnsToItsCsv() {
    Path photo = CliRun.lfwImage();
    String gallery = dir.resolve("office").toString();
    CliRun.Result enrolled = CliRun.run("enroll", "--gallery", gallery, "Aaron Eckhart", photo.toString());
    assertEquals(0, enrolled.code(), enrolled.err());
    CliRun.Result who = CliRun.run("identify", "--gallery", gallery, photo.toString());
    assertEquals(0, who.code(), who.err());
    String[] lines = who.out().strip().split("\n");
    assertEquals("image,person,distance,reason,live,attack_score", lines[0], who.out());
    String[] row = lines[1].split(",", -1);
    assertEquals(6, row.length, lines[1]);
    assertEquals("Aaron Eckhart", row[1], lines[1]);
    assertTrue(row[4].equals("true") || row[4].equals("false"), lines[1]);
    assertTrue(Double.isFinite(Double.parseDouble(row[5])), lines[1]);
  }
}
