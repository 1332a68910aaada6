package org.likeness.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.engine.Likeness;
import org.likeness.eval.challenge.PlaneAttack;
import org.likeness.image.ImageLoader;
import org.likeness.image.JpegWriter;
import org.likeness.image.RgbImage;
import org.likeness.liveness.challenge.TurnDirection;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;

/**
 * The door as {@code likeness serve} runs it, head-turn challenge required, against a live person
 * from the shared spoof set {@code apfol} (a video of a real face, frames in order): a live burst
 * that turns the asked way opens; a photo of the same person moved as a plane is refused as a
 * spoof; the accepted burst sent again byte for byte is refused as a replay; a kiosk's single photo
 * is refused for want of the challenge. Every decision is in the audit log with its reason.
 */
@Tag("model")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DoorLivenessTest {
  static final Path REAL = Path.of(System.getProperty("likeness.spoof", "../../shared/data/spoof"), "apfol", "real");
  static final String PERSON = "Apfol Live";
  /** The challenge benchmark's live bursts: every 4th video frame, 8 frames. */
  static final int STRIDE = 4;
  static final int FRAMES = 8;

  @TempDir static Path dir;
  static TestServer door;
  /** A live burst as JPEG bytes, and the way the person in it turns. */
  static List<byte[]> liveBurst;
  static TurnDirection liveTurn;
  static List<byte[]> acceptedBurst;

  @BeforeAll
  static void start() throws Exception {
    ImageLoader loader = new ImageLoader();
    List<RgbImage> frames = new ArrayList<>();
    for (int i = 0; Files.exists(REAL.resolve(i + ".png")); i++) {
      frames.add(loader.load(REAL.resolve(i + ".png")));
    }
    assertTrue(frames.size() > 100, "apfol real frames at " + REAL + ": " + frames.size());
    // The first live burst (benchmark windows, in order) in which the person turns clearly one way,
    // judged on what the door will be sent: the burst as JPEG turning that way, and its mirror image
    // turning the other (a burst just over the turn threshold as PNG frames can fall under it once
    // encoded or mirrored).
    try (Likeness engine = Likeness.open(ModelCatalog.DEFAULT_EMBEDDER, ModelStore.locate(java.util.Optional.empty()),
        PipelineOptions.defaults(), OrtSettings.defaults())) {
      int span = (FRAMES - 1) * STRIDE + 1;
      for (int first = 0; first + span <= frames.size() - 20 && liveBurst == null; first += STRIDE) {
        List<byte[]> sent = new ArrayList<>();
        for (int k = 0; k < FRAMES; k++) {
          sent.add(JpegWriter.encode(frames.get(first + k * STRIDE), 92));
        }
        for (TurnDirection d : TurnDirection.values()) {
          if (engine.challenge(decoded(sent), d).passed()
              && engine.challenge(decoded(mirrored(sent)), d.opposite()).passed()) {
            liveTurn = d;
            liveBurst = sent;
            break;
          }
        }
      }
    }
    assertNotNull(liveBurst, "no apfol burst turns clearly; the challenge judge or the data changed");
    door = TestServer.withModels(dir, DoorLiveness.defaults());
    // Enrolled from the end of the video, away from the burst.
    MultipartBody enroll = new MultipartBody();
    for (int i = frames.size() - 12; i < frames.size(); i += 4) {
      enroll.file("image", i + ".jpg", "image/jpeg", JpegWriter.encode(frames.get(i), 95));
    }
    TestServer.Response r = door.post("/api/v1/people/" + PERSON.replace(" ", "%20") + "/faces", TestServer.ADMIN,
        enroll);
    assertEquals(200, r.status(), r::toString);
  }

  @AfterAll
  static void stop() {
    if (door != null) {
      door.close();
    }
  }

  static JsonNode challenge() {
    TestServer.Response r = door.post("/api/v1/challenge", TestServer.KIOSK, new MultipartBody());
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  static TestServer.Response identify(String challenge, List<byte[]> frames) {
    MultipartBody body = new MultipartBody().field("challenge", challenge);
    for (int i = 0; i < frames.size(); i++) {
      body.file("image", "frame-" + i + ".jpg", "image/jpeg", frames.get(i));
    }
    return door.post("/api/v1/identify", TestServer.KIOSK, body);
  }

  /** The live burst turning {@code asked}: as filmed, or mirrored when the door asked the other way. */
  static List<byte[]> liveBurstTurning(TurnDirection asked) {
    return asked == liveTurn ? liveBurst : mirrored(liveBurst);
  }

  /** Each JPEG frame mirrored left to right, as JPEG again. */
  static List<byte[]> mirrored(List<byte[]> burst) {
    ImageLoader loader = new ImageLoader();
    return burst.stream().map(b -> JpegWriter.encode(loader.decode(b, "frame.jpg").mirrored(), 92)).toList();
  }

  /** The frames as the door decodes them. */
  static List<RgbImage> decoded(List<byte[]> burst) {
    ImageLoader loader = new ImageLoader();
    return burst.stream().map(b -> loader.decode(b, "frame.jpg")).toList();
  }

  @Test
  @Order(1)
  void aLiveBurstTurningTheAskedWayOpens() {
    JsonNode c = challenge();
    TurnDirection asked = TurnDirection.parse(c.path("direction").asText());
    assertEquals(8, c.path("frames").asInt(), c::toString);
    assertTrue(c.path("required").asBoolean(), c::toString);
    acceptedBurst = liveBurstTurning(asked);
    JsonNode d = identify(c.path("challenge").asText(), acceptedBurst).json();
    assertEquals("identified", d.path("outcome").asText(), d::toString);
    assertEquals(PERSON, d.path("identity").asText(), d::toString);
    assertTrue(d.path("challenge").path("passed").asBoolean(), d::toString);
    assertTrue(d.path("liveness").isNull(), "a kiosk key is not shown the passive score: " + d);
  }

  @Test
  @Order(2)
  void aPhotoOfTheSamePersonMovedAsAPlaneIsRefusedAsASpoof() {
    ImageLoader loader = new ImageLoader();
    RgbImage photo = loader.decode(liveBurst.get(0), "frame.jpg");
    Set<String> flatReasons = Set.of("flat", "no_turn", "wrong_direction");
    SplittableRandom random = new SplittableRandom(23);
    for (int attempt = 0; attempt < 3; attempt++) {
      JsonNode c = challenge();
      TurnDirection asked = TurnDirection.parse(c.path("direction").asText());
      List<byte[]> attack = PlaneAttack.render(photo, 0.8, asked, FRAMES, random).stream()
          .map(f -> JpegWriter.encode(f, 90)).toList();
      JsonNode d = identify(c.path("challenge").asText(), attack).json();
      assertEquals("spoof", d.path("outcome").asText(), "attempt " + attempt + ": " + d);
      assertTrue(flatReasons.contains(d.path("reason").asText()), "attempt " + attempt + ": " + d);
      assertTrue(d.path("identity").isNull(), d::toString);
      assertEquals("please step in front of the camera yourself", d.path("advice").asText(), d::toString);
    }
  }

  @Test
  @Order(3)
  void theAcceptedBurstSentAgainIsRefusedAsAReplay() {
    assertNotNull(acceptedBurst, "the live burst test runs first");
    JsonNode d = identify(challenge().path("challenge").asText(), acceptedBurst).json();
    assertEquals("spoof", d.path("outcome").asText(), d::toString);
    assertEquals("replay", d.path("reason").asText(), d::toString);
  }

  @Test
  @Order(4)
  void aKioskPhotoWithoutTheChallengeIsRefusedAndAnAnsweredChallengeCannotBeReused() {
    // A live frame, but bytes the door has not seen open it (the burst's own bytes would be a replay).
    byte[] photo = JpegWriter.encode(new ImageLoader().decode(liveBurst.get(3), "frame.jpg"), 80);
    TestServer.Response single = door.post("/api/v1/identify", TestServer.KIOSK,
        new MultipartBody().file("image", "door.jpg", "image/jpeg", photo));
    assertEquals("spoof", single.json().path("outcome").asText(), single::toString);
    assertEquals("challenge_required", single.json().path("reason").asText(), single::toString);

    String id = challenge().path("challenge").asText();
    identify(id, liveBurstTurning(TurnDirection.LEFT).subList(0, 2));
    TestServer.Response again = identify(id, liveBurstTurning(TurnDirection.LEFT));
    assertEquals(409, again.status(), again::toString);
    assertEquals("unknown_challenge", again.errorCode(), again::toString);
  }

  @Test
  @Order(5)
  void theAuditLogHoldsEachDecisionWithItsReason() {
    JsonNode entries = door.get("/api/v1/audit", TestServer.ADMIN).json().path("entries");
    List<String> seen = new ArrayList<>();
    entries.forEach(e -> seen.add(e.path("outcome").asText() + "/" + e.path("reason").asText()));
    assertTrue(seen.contains("identified/match"), seen::toString);
    assertTrue(seen.contains("spoof/replay"), seen::toString);
    assertTrue(seen.contains("spoof/challenge_required"), seen::toString);
    assertTrue(seen.stream().anyMatch(s -> s.equals("spoof/flat") || s.equals("spoof/no_turn")
        || s.equals("spoof/wrong_direction")), seen::toString);
    assertFalse(seen.stream().anyMatch(s -> s.startsWith("identified/") && !s.equals("identified/match")),
        seen::toString);
  }
}
