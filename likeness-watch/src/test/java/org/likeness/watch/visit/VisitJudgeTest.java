package org.likeness.watch.visit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.likeness.engine.Identification;
import org.likeness.gallery.decide.DecisionReason;
import org.likeness.liveness.LivenessReason;
import org.likeness.liveness.LivenessResult;
import org.likeness.liveness.LivenessThreshold;
import org.likeness.models.DecisionThreshold;
import org.likeness.quality.QualityIssue;
import org.likeness.quality.QualityVerdict;

/** One decision per visit, on looks built by hand. */
class VisitJudgeTest {
  static final Instant T0 = Instant.parse("2026-12-04T08:00:00Z");
  static final DecisionThreshold THRESHOLD = new DecisionThreshold(0.5, Optional.empty(), "test");
  static final LivenessThreshold GATE = new LivenessThreshold(0.6, true, "test");

  static Instant at(int frame) {
    return T0.plusMillis(100L * frame);
  }

  static Look match(int frame, String who, double distance) {
    return new Look(frame, at(frame), new Identification(Optional.of(who), Optional.of(distance), THRESHOLD, List.of(),
        1, DecisionReason.MATCH, Optional.empty()), Optional.empty());
  }

  static Look stranger(int frame, double distance) {
    return new Look(frame, at(frame), new Identification(Optional.empty(), Optional.of(distance), THRESHOLD, List.of(),
        1, DecisionReason.NOBODY_CLOSE, Optional.empty()), Optional.empty());
  }

  static Look small(int frame) {
    return new Look(frame, at(frame), new Identification(Optional.empty(), Optional.empty(), THRESHOLD, List.of(), 1,
        DecisionReason.LOW_QUALITY, Optional.of(new QualityVerdict(QualityIssue.FACE_TOO_SMALL, 20, 30))),
        Optional.empty());
  }

  static Look withLiveness(Look l, double attackScore) {
    return new Look(l.sequence(), l.at(), l.identification(), Optional.of(new LivenessResult("test", attackScore, GATE,
        attackScore >= GATE.maxAttackScore() ? LivenessReason.LOOKS_LIKE_PHOTO_OR_SCREEN : LivenessReason.LIVE)));
  }

  VisitJudge judge() {
    return new VisitJudge(VisitPolicy.DEFAULT, at(0));
  }

  @Test
  void admitsOnThreeGoodFramesThatNameOnePersonAfterSkippingPoorOnes() {
    VisitJudge j = judge();
    assertTrue(j.look(small(0)).isEmpty());
    assertTrue(j.look(small(1)).isEmpty());
    assertTrue(j.look(match(2, "ada", 0.3)).isEmpty());
    assertTrue(j.look(match(3, "ada", 0.2)).isEmpty());
    VisitVerdict v = j.look(match(4, "ada", 0.25)).orElseThrow();
    assertEquals(Optional.of("ada"), v.admitted());
    assertEquals(3, v.basis().size());
    assertTrue(v.explanation().contains("0.200 (max 0.500)"), v.explanation());
  }

  @Test
  void neverDecidesAgainOnceDecided() {
    VisitJudge j = judge();
    j.look(stranger(0, 0.8));
    j.look(stranger(1, 0.8));
    assertEquals(Optional.of(Refusal.STRANGER), j.look(stranger(2, 0.7)).orElseThrow().refusal());
    for (int n = 3; n < 100; n++) {
      assertTrue(j.look(match(n, "ada", 0.1)).isEmpty(), "decided again at frame " + n);
    }
    assertTrue(j.leave(at(100)).isEmpty());
  }

  @Test
  void oneFalseMatchAmongStrangerFramesDoesNotOpen() {
    VisitJudge j = judge();
    j.look(stranger(0, 0.6));
    j.look(match(1, "ada", 0.48));
    VisitVerdict v = j.look(stranger(2, 0.6)).orElseThrow();
    assertEquals(Optional.of(Refusal.UNCERTAIN), v.refusal());
  }

  @Test
  void framesNamingTwoPeopleDoNotOpen() {
    VisitJudge j = judge();
    j.look(match(0, "ada", 0.3));
    j.look(match(1, "bob", 0.3));
    VisitVerdict v = j.look(match(2, "ada", 0.3)).orElseThrow();
    assertEquals(Optional.of(Refusal.UNCERTAIN), v.refusal());
    assertTrue(v.explanation().contains("ada, bob"), v.explanation());
  }

  @Test
  void aGatingLivenessCheckRefusesAPhotoOfAnEnrolledPerson() {
    VisitJudge j = judge();
    j.look(withLiveness(match(0, "ada", 0.2), 0.1));
    j.look(withLiveness(match(1, "ada", 0.2), 0.9));
    VisitVerdict v = j.look(withLiveness(match(2, "ada", 0.2), 0.1)).orElseThrow();
    assertEquals(Optional.of(Refusal.SPOOF), v.refusal());
    assertTrue(v.explanation().contains("0.900"), v.explanation());
  }

  @Test
  void aReportingLivenessCheckDoesNotRefuse() {
    VisitJudge j = judge();
    LivenessThreshold report = GATE.withGate(false);
    for (int n = 0; n < 3; n++) {
      Look l = match(n, "ada", 0.2);
      Optional<VisitVerdict> v = j.look(new Look(n, l.at(), l.identification(), Optional.of(
          new LivenessResult("test", 0.9, report, LivenessReason.LOOKS_LIKE_PHOTO_OR_SCREEN))));
      if (n == 2) {
        assertEquals(Optional.of("ada"), v.orElseThrow().admitted());
      }
    }
  }

  @Test
  void aFaceThatNeverGetsGoodEnoughIsRefusedAfterTheTimeLimit() {
    VisitJudge j = judge();
    int frames = (int) (VisitPolicy.DEFAULT.maxUndecided().toMillis() / 100);
    for (int n = 0; n < frames; n++) {
      assertTrue(j.look(n % 25 == 0 ? match(n, "ada", 0.2) : small(n)).isEmpty(), "decided at frame " + n);
    }
    VisitVerdict v = j.look(small(frames)).orElseThrow();
    assertEquals(Optional.of(Refusal.LOW_QUALITY), v.refusal());
    assertTrue(v.explanation().contains("face too small"), v.explanation());
  }

  @Test
  void aVisitorWhoLeavesUndecidedIsRefusedAsLeft() {
    VisitJudge j = judge();
    j.look(match(0, "ada", 0.2));
    j.look(small(1));
    j.look(small(2));
    VisitVerdict v = j.leave(at(5)).orElseThrow();
    assertEquals(Optional.of(Refusal.LEFT_UNDECIDED), v.refusal());
    assertTrue(j.leave(at(6)).isEmpty());
  }

  @Test
  void aGlimpseShorterThanADecisionGetsNoVerdict() {
    VisitJudge j = judge();
    j.look(stranger(0, 1.1));
    assertTrue(j.leave(at(1)).isEmpty());
    assertFalse(j.decided());
  }

  @Test
  void policyRefusesNonsenseAndNamesIt() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new VisitPolicy(0, Duration.ofSeconds(1)))
        .getMessage().contains("0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new VisitPolicy(3, Duration.ofSeconds(-1)))
        .getMessage().contains("PT-1S"));
  }
}
