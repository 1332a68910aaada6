package org.likeness.eval.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.likeness.engine.Likeness;
import org.likeness.eval.LfwPairs;
import org.likeness.image.RgbImage;
import org.likeness.liveness.challenge.ChallengeReason;
import org.likeness.liveness.challenge.ChallengeVerdict;
import org.likeness.liveness.challenge.TurnDirection;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;

/**
 * The challenge through the real detector, landmarks and embedder: a photo moved as a plane, a live
 * burst from a shared real video (development set apfol), its mirror, a frozen burst and two people.
 */
@Tag("model")
class ChallengeOnRealFacesTest {
  /** A burst of apfol's real video that turns: 8 frames, every 4th from this one (found with --dump). */
  static final int LIVE_FIRST = 32;
  static final int STRIDE = 4;

  static Likeness face;

  @BeforeAll
  static void open() {
    face = Likeness.open(ModelCatalog.DEFAULT_EMBEDDER, ModelStore.locate(Optional.empty()), PipelineOptions.defaults(),
        OrtSettings.defaults());
  }

  @AfterAll
  static void close() {
    face.close();
  }

  static RgbImage lfw(String name, int n) {
    return face.load(LfwPairs.defaultRoot().resolve("images_deepfunneled").resolve(name)
        .resolve(String.format("%s_%04d.jpg", name, n)));
  }

  static List<RgbImage> liveBurst() {
    Path real = SpoofSet.defaultRoot().resolve("apfol").resolve("real");
    List<RgbImage> frames = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      frames.add(face.load(real.resolve((LIVE_FIRST + k * STRIDE) + ".png")));
    }
    return frames;
  }

  @Test
  void photoMovedAsAPlaneIsRefused() {
    for (TurnDirection asked : TurnDirection.values()) {
      SplittableRandom r = new SplittableRandom(asked.ordinal() + 5);
      List<RgbImage> frames = PlaneAttack.render(lfw("Colin_Powell", 3), ChallengeBenchmark.LFW_FACE_SHARE, asked, 8, r);
      ChallengeVerdict v = face.challenge(frames, asked);
      assertFalse(v.passed(), v.toString());
      assertEquals(ChallengeReason.FLAT, v.reason(), v.toString());
    }
  }

  @Test
  void liveBurstShowsParallaxAndItsMirrorTurnsTheWrongWay() {
    List<RgbImage> frames = liveBurst();
    ChallengeVerdict left = face.challenge(frames, TurnDirection.LEFT);
    ChallengeVerdict right = face.challenge(frames, TurnDirection.RIGHT);
    assertTrue(left.notFlat(), left.toString());
    ChallengeVerdict live = left.passed() ? left : right;
    assertTrue(live.passed(), "neither direction passed: " + left + " / " + right);
    ChallengeVerdict mirrored = face.challenge(frames.stream().map(RgbImage::mirrored).toList(), live.asked());
    assertEquals(ChallengeReason.WRONG_DIRECTION, mirrored.reason(), mirrored.toString());
    assertTrue(mirrored.notFlat(), "a mirror keeps the parallax: " + mirrored);
  }

  @Test
  void oneFrameRepeatedIsFrozen() {
    RgbImage one = liveBurst().get(0);
    ChallengeVerdict v = face.challenge(Collections.nCopies(8, one), TurnDirection.LEFT);
    assertEquals(ChallengeReason.FROZEN, v.reason(), v.toString());
    assertEquals(7, v.frozenPairs());
  }

  @Test
  void twoPeopleInOneBurstAreDifferentPeople() {
    List<RgbImage> frames = new ArrayList<>();
    for (int n = 1; n <= 4; n++) {
      frames.add(lfw("Colin_Powell", n));
      frames.add(lfw("Tony_Blair", n));
    }
    ChallengeVerdict v = face.challenge(frames, TurnDirection.LEFT);
    assertEquals(ChallengeReason.DIFFERENT_PEOPLE, v.reason(), v.toString());
  }

  /** A small seeded run of the benchmark on the development split, with bounds below what it measured. */
  @Test
  void smallBenchmarkRunStaysWithinBounds() {
    ChallengeBenchmark.Options d = ChallengeBenchmark.Options.defaults(ChallengeSplit.DEV, LfwPairs.defaultRoot());
    ChallengeBenchmark.Options o = new ChallengeBenchmark.Options(d.split(), d.lfwRoot(), d.spoofRoot(), 40, 10,
        d.frames(), d.liveStride(), 12, d.seed(), Optional.empty());
    ChallengeBenchmark.Report r = ChallengeBenchmark.run(face, o, (done, total) -> {});
    List<ChallengeVerdict> flat = r.of(ChallengeBenchmark.Kind.FLAT).stream().flatMap(g -> g.verdicts().stream()).toList();
    List<ChallengeVerdict> mirrored =
        r.of(ChallengeBenchmark.Kind.MIRRORED).stream().flatMap(g -> g.verdicts().stream()).toList();
    List<ChallengeVerdict> live = r.of(ChallengeBenchmark.Kind.LIVE).stream().flatMap(g -> g.verdicts().stream()).toList();
    assertEquals(50, flat.size());
    assertTrue(flat.stream().filter(ChallengeVerdict::passed).count() <= 1, "flat attacks passing: " + flat.stream()
        .filter(ChallengeVerdict::passed).toList());
    assertFalse(mirrored.isEmpty(), "no live burst turned, so none was mirrored");
    assertTrue(mirrored.stream().noneMatch(ChallengeVerdict::passed), mirrored.toString());
    assertTrue(live.stream().filter(ChallengeVerdict::notFlat).count() >= 14,
        "live bursts showing parallax: " + live.stream().filter(ChallengeVerdict::notFlat).count() + " of " + live.size());
  }
}
