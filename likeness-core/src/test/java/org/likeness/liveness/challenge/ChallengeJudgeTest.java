package org.likeness.liveness.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.likeness.compare.Metric;
import org.likeness.detect.Box;
import org.likeness.detect.DetectedFace;
import org.likeness.detect.FivePoints;
import org.likeness.detect.Landmarks;
import org.likeness.detect.Point;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;
import org.likeness.image.RgbImage;

/** The judge on synthetic landmark sequences whose right answer is known. */
class ChallengeJudgeTest {
  private static final ModelId MODEL = new ModelId("test-model", "0".repeat(64));
  private static final ChallengeJudge JUDGE = new ChallengeJudge(ChallengePolicy.DEFAULT, Metric.COSINE, 0.4);
  private static final int FRAMES = 8;

  /** A noisy frame, different for every seed, so that consecutive frames are not frozen. */
  private static RgbImage frame(long seed) {
    Random r = new Random(seed);
    byte[] px = new byte[64 * 48 * 3];
    r.nextBytes(px);
    return new RgbImage(64, 48, px);
  }

  private static Embedding person(int who, long jitterSeed) {
    Random r = new Random(jitterSeed);
    float[] v = new float[16];
    v[who] = 1;
    for (int i = 0; i < v.length; i++) {
      v[i] += (float) (0.05 * r.nextGaussian());
    }
    return Embedding.normalized(v, MODEL);
  }

  private static ChallengeFrame frame(int i, FivePoints p, int who) {
    DetectedFace face = new DetectedFace(new Box(100, 100, 300, 300), 0.99f, Landmarks.ofFive(p));
    return ChallengeFrame.of(frame(1000L + i), face, person(who, i));
  }

  private static List<ChallengeFrame> burst(IntFunction<FivePoints> landmarks) {
    List<ChallengeFrame> out = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      out.add(frame(i, landmarks.apply(i), 0));
    }
    return out;
  }

  private static List<ChallengeFrame> burst68(IntFunction<Landmarks> landmarks) {
    List<ChallengeFrame> out = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      DetectedFace face = new DetectedFace(new Box(100, 100, 300, 300), 0.99f, landmarks.apply(i));
      out.add(ChallengeFrame.of(frame(1000L + i), face, person(0, i)));
    }
    return out;
  }

  /** A head turning from frontal to {@code degrees} (positive: the person's own left) over the burst. */
  private static List<ChallengeFrame> turning(double degrees) {
    return burst(i -> SyntheticHead.head(degrees * i / (FRAMES - 1)));
  }

  @Test
  void liveHeadTurningAsAskedPasses() {
    ChallengeVerdict v = JUDGE.judge(turning(25), TurnDirection.LEFT);
    assertEquals(ChallengeReason.PASSED, v.reason(), v.toString());
    assertTrue(v.passed() && v.notFlat());
    ChallengeVerdict right = JUDGE.judge(turning(-25), TurnDirection.RIGHT);
    assertEquals(ChallengeReason.PASSED, right.reason(), right.toString());
  }

  @Test
  void liveHeadTurningTheOtherWayIsWrongDirection() {
    ChallengeVerdict v = JUDGE.judge(turning(25), TurnDirection.RIGHT);
    assertEquals(ChallengeReason.WRONG_DIRECTION, v.reason(), v.toString());
    assertTrue(v.notFlat());
    assertTrue(v.turn().getAsDouble() <= -ChallengePolicy.DEFAULT.minTurn(), v.toString());
  }

  @Test
  void photoTurnedLikeAHeadIsFlat() {
    double[][] photo = SyntheticHead.flat();
    for (TurnDirection d : TurnDirection.values()) {
      ChallengeVerdict v = JUDGE.judge(
          burst(i -> SyntheticHead.project(photo, d.imageSign() * 40.0 * i / (FRAMES - 1), 6 - 0.2 * i, 400,
              240 + 3 * i, 180 - 2 * i)),
          d);
      assertEquals(ChallengeReason.FLAT, v.reason(), v.toString());
      assertTrue(v.parallax().getAsDouble() < 0.01, v.toString());
    }
  }

  @Test
  void sixtyEightPointHeadTurningAsAskedPassesAndItsPhotoIsFlat() {
    ChallengeVerdict live = JUDGE.judge(burst68(i -> SyntheticHead.head68(25.0 * i / (FRAMES - 1))),
        TurnDirection.LEFT);
    assertEquals(ChallengeReason.PASSED, live.reason(), live.toString());
    double[][] photo = SyntheticHead.flattened(SyntheticHead.IBUG68);
    for (TurnDirection d : TurnDirection.values()) {
      ChallengeVerdict v = JUDGE.judge(
          burst68(i -> SyntheticHead.project68(photo, d.imageSign() * 40.0 * i / (FRAMES - 1), 6 - 0.2 * i, 400,
              240 + 3 * i, 180 - 2 * i)),
          d);
      assertEquals(ChallengeReason.FLAT, v.reason(), v.toString());
      assertTrue(v.parallax().getAsDouble() < 0.01, v.toString());
    }
  }

  @Test
  void oneFrameWithMisplacedLandmarksCannotMakeAPhotoLookAlive() {
    double[][] photo = SyntheticHead.flat();
    ChallengeVerdict v = JUDGE.judge(burst(i -> {
      FivePoints p = SyntheticHead.project(photo, 4.0 * i, 6, 400, 240, 180);
      return i == 5 ? new FivePoints(p.leftEye(), p.rightEye(), new Point(p.nose().x() + 30, p.nose().y()),
          p.leftMouth(), p.rightMouth()) : p;
    }), TurnDirection.LEFT);
    assertEquals(ChallengeReason.FLAT, v.reason(), v.toString());
  }

  @Test
  void stillHeadShowsNoParallaxAndIsRefused() {
    ChallengeVerdict v = JUDGE.judge(burst(i -> SyntheticHead.head(0.3 * (i % 2))), TurnDirection.LEFT);
    assertFalse(v.passed());
    assertEquals(ChallengeReason.FLAT, v.reason(), v.toString());
  }

  @Test
  void noddingShowsParallaxButIsNoTurn() {
    ChallengeVerdict v = JUDGE.judge(burst(i -> SyntheticHead.nodded(30.0 * i / (FRAMES - 1))), TurnDirection.LEFT);
    assertTrue(v.notFlat(), v.toString());
    assertEquals(ChallengeReason.NO_TURN, v.reason(), v.toString());
  }

  @Test
  void repeatedFrameIsFrozen() {
    List<ChallengeFrame> same = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      ChallengeFrame f = turning(25).get(i);
      same.add(new ChallengeFrame(frame(1L), f.face(), f.embedding()));
    }
    ChallengeVerdict v = JUDGE.judge(same, TurnDirection.LEFT);
    assertEquals(ChallengeReason.FROZEN, v.reason(), v.toString());
    assertEquals(FRAMES - 1, v.frozenPairs());
  }

  @Test
  void secondPersonInTheBurstIsDifferentPeople() {
    List<ChallengeFrame> frames = new ArrayList<>(turning(25));
    frames.set(6, frame(6, SyntheticHead.head(20), 1));
    ChallengeVerdict v = JUDGE.judge(frames, TurnDirection.LEFT);
    assertEquals(ChallengeReason.DIFFERENT_PEOPLE, v.reason(), v.toString());
    assertTrue(v.maxIdentityDistance().getAsDouble() > 0.4);
  }

  @Test
  void photoForTheFirstHalfAndAnotherHeadForTheSecondIsDifferentPeople() {
    List<ChallengeFrame> frames = new ArrayList<>(turning(25));
    for (int i = FRAMES / 2; i < FRAMES; i++) {
      frames.set(i, frame(i, SyntheticHead.head(25.0 * i / (FRAMES - 1)), 1));
    }
    ChallengeVerdict v = JUDGE.judge(frames, TurnDirection.LEFT);
    assertEquals(ChallengeReason.DIFFERENT_PEOPLE, v.reason(), v.toString());
  }

  @Test
  void aFaceDriftingByStepsAsTheHeadTurnsIsStillOnePerson() {
    // Each frame a little further from the frontal one, the last 0.6 away: farther than the judge's
    // 0.4 from the first frame, but never more than 0.1 from the frame before.
    List<ChallengeFrame> frames = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      float[] v = new float[16];
      double angle = Math.acos(1 - 0.6) * i / (FRAMES - 1);
      v[0] = (float) Math.cos(angle);
      v[1] = (float) Math.sin(angle);
      DetectedFace face = new DetectedFace(new Box(100, 100, 300, 300), 0.99f,
          Landmarks.ofFive(SyntheticHead.head(25.0 * i / (FRAMES - 1))));
      frames.add(ChallengeFrame.of(frame(1000L + i), face, Embedding.normalized(v, MODEL)));
    }
    ChallengeVerdict v = JUDGE.judge(frames, TurnDirection.LEFT);
    assertEquals(ChallengeReason.PASSED, v.reason(), v.toString());
    assertTrue(v.maxIdentityDistance().getAsDouble() < 0.1, v.toString());
  }

  @Test
  void frameWithoutFaceIsNoFace() {
    List<ChallengeFrame> frames = new ArrayList<>(turning(25));
    frames.set(3, ChallengeFrame.noFace(frames.get(3).image()));
    ChallengeVerdict v = JUDGE.judge(frames, TurnDirection.LEFT);
    assertEquals(ChallengeReason.NO_FACE, v.reason(), v.toString());
    assertEquals(FRAMES - 1, v.framesWithFace());
  }

  @Test
  void shortBurstIsTooFewFrames() {
    ChallengeVerdict v = JUDGE.judge(turning(25).subList(0, 3), TurnDirection.LEFT);
    assertEquals(ChallengeReason.TOO_FEW_FRAMES, v.reason(), v.toString());
  }

  @Test
  void refusesAnOverlongBurstNamingItsLength() {
    List<ChallengeFrame> many = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add(turning(25).get(i % FRAMES));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JUDGE.judge(many, TurnDirection.LEFT));
    assertTrue(e.getMessage().contains("40"), e.getMessage());
  }

  @Test
  void everyRefusalHasAMessageAndAdvice() {
    for (ChallengeReason r : ChallengeReason.values()) {
      assertFalse(r.message().isBlank(), r.name());
      assertEquals(r == ChallengeReason.PASSED, r.advice().isEmpty(), r.name());
    }
    assertEquals(TurnDirection.RIGHT, TurnDirection.LEFT.opposite());
    assertEquals(TurnDirection.LEFT, TurnDirection.RIGHT.opposite());
  }
}
