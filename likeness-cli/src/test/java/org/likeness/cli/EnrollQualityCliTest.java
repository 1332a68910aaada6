package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.eval.Degradations;
import org.likeness.image.ImageLoader;
import org.likeness.image.RgbImage;

/**
 * {@code likeness enroll} refuses a face below the quality floor with one line naming the reason
 * and exit code 2, and enrolls it with a warning under {@code --force}; {@code detect --json} and
 * {@code embed --json} carry each face's quality.
 */
@Tag("model")
class EnrollQualityCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TOO_SMALL = Pattern.compile(
      "^(\\S+): face too small \\((\\d+) px, need (\\d+)\\); use --force to enroll it anyway$", Pattern.MULTILINE);

  @TempDir Path dir;

  /** The LFW photo shrunk so its face (about 93 px wide in deep-funneled LFW) is about 24 px wide. */
  private Path tinyFace() throws IOException {
    RgbImage photo = new ImageLoader().load(CliRun.lfwImage());
    RgbImage small = Degradations.downscale(photo, 24.0 / 93);
    Path file = dir.resolve("tiny.png");
    BufferedImage bi = new BufferedImage(small.width(), small.height(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < small.height(); y++) {
      for (int x = 0; x < small.width(); x++) {
        bi.setRGB(x, y, small.channel(x, y, 0) << 16 | small.channel(x, y, 1) << 8 | small.channel(x, y, 2));
      }
    }
    ImageIO.write(bi, "png", file.toFile());
    return file;
  }

  @Test
  void enrollRefusesATinyFaceWithTheReasonAndExitTwoThenForceEnrollsItWithAWarning() throws IOException {
    Path tiny = tinyFace();
    Path gallery = dir.resolve("gallery");

    CliRun.Result refused = CliRun.run("enroll", "--gallery", gallery.toString(), "Aaron_Eckhart", tiny.toString());
    assertEquals(2, refused.code(), refused.out() + refused.err());
    Matcher m = TOO_SMALL.matcher(refused.err());
    assertTrue(m.find(), "one line naming the reason: " + refused.err());
    assertEquals(tiny.toString(), m.group(1));
    int measured = Integer.parseInt(m.group(2));
    assertTrue(measured >= 18 && measured <= 30, "a face shrunk to about 24 px measures " + measured);
    assertTrue(refused.out().contains("1 low quality"), refused.out());
    assertTrue(refused.out().contains("0 people, 0 templates"), "nothing enrolled: " + refused.out());

    CliRun.Result forced = CliRun.run("enroll", "--gallery", gallery.toString(), "--force", "Aaron_Eckhart",
        tiny.toString());
    assertEquals(0, forced.code(), forced.out() + forced.err());
    assertTrue(forced.err().contains(tiny + ": warning: face too small (" + measured + " px"), forced.err());
    assertTrue(forced.out().contains("1 people, 1 templates"), forced.out());

    CliRun.Result clean = CliRun.run("enroll", "--gallery", gallery.toString(), "Aaron_Eckhart",
        CliRun.lfwImage().toString());
    assertEquals(0, clean.code(), clean.out() + clean.err());
    assertTrue(!clean.err().contains("face too"), "a clean LFW photo passes the floor: " + clean.err());
  }

  @Test
  void detectAndEmbedJsonCarryEachFacesQuality() throws IOException {
    Path tiny = tinyFace();
    CliRun.Result detect = CliRun.run("detect", "--json", CliRun.lfwImage().toString(), tiny.toString());
    assertEquals(0, detect.code(), detect.err());
    String[] lines = detect.out().strip().split("\n");
    JsonNode clean = JSON.readTree(lines[0]).get("faces").get(0).get("quality");
    assertTrue(clean.get("faceWidthPx").asDouble() > 60, clean.toString());
    assertTrue(clean.get("issue").isNull(), "clean LFW face passes: " + clean);
    JsonNode small = JSON.readTree(lines[1]).get("faces").get(0).get("quality");
    assertEquals("FACE_TOO_SMALL", small.get("issue").asText(), small.toString());
    assertEquals("come closer", small.get("advice").asText());

    CliRun.Result embed = CliRun.run("embed", "--json", tiny.toString());
    assertEquals(0, embed.code(), embed.err());
    JsonNode q = JSON.readTree(embed.out()).get("quality");
    assertTrue(q.get("message").asText().startsWith("face too small ("), q.toString());
  }
}
