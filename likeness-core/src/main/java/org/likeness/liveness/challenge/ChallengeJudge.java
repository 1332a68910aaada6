package org.likeness.liveness.challenge;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.likeness.compare.Metric;
import org.likeness.detect.Landmarks;
import org.likeness.embed.Embedding;

/**
 * Decides a challenge burst: did one live person, in every frame, turn their head the asked way? The
 * checks, in the order their failures are reported ({@link ChallengeReason}): enough frames; no
 * frozen stream (consecutive frames nearly identical); a face in every frame; the same person in
 * every frame (each face within the model's verify threshold of the one in the frame before: a
 * physical swap of faces, a photo held up for some frames and a real head for others, puts two
 * people side by side somewhere in the burst, while a head turning away from the camera drifts from
 * the frontal face by small steps); not flat (the nose shows parallax against the homography of the eye and mouth
 * contours, or of the eyes and mouth corners when only five landmarks are known, between the early
 * and the late frames); turned the asked way by at least {@link
 * ChallengePolicy#minTurn()} from the early frames to the late ones (a turn the other way is {@link
 * ChallengeReason#WRONG_DIRECTION}). Pure and thread-safe.
 */
public final class ChallengeJudge {
  private final ChallengePolicy policy;
  private final Metric metric;
  private final double maxDistance;

  /**
   * @param policy the geometric and frame thresholds
   * @param metric the embedding model's distance
   * @param maxDistance the model's verify threshold: faces farther apart are different people
   */
  public ChallengeJudge(ChallengePolicy policy, Metric metric, double maxDistance) {
    if (policy == null || metric == null || !(maxDistance >= 0)) {
      throw new IllegalArgumentException(
          "a judge needs a policy, a metric and a non-negative maxDistance, got " + policy + ", " + metric + ", "
              + maxDistance);
    }
    this.policy = policy;
    this.metric = metric;
    this.maxDistance = maxDistance;
  }

  public ChallengePolicy policy() {
    return policy;
  }

  public double maxDistance() {
    return maxDistance;
  }

  public Metric metric() {
    return metric;
  }

  /**
   * The verdict on {@code frames}, in the order the kiosk took them, for a turn to {@code asked}.
   *
   * @throws IllegalArgumentException when the burst holds more than {@link ChallengePolicy#maxFrames()}
   *     frames, or embeddings from different models
   */
  public ChallengeVerdict judge(List<ChallengeFrame> frames, TurnDirection asked) {
    if (frames.size() > policy.maxFrames()) {
      throw new IllegalArgumentException(
          "a challenge burst may hold at most " + policy.maxFrames() + " frames, got " + frames.size());
    }
    int frozen = 0;
    for (int i = 1; i < frames.size(); i++) {
      if (FrameDifference.meanAbsolute(frames.get(i - 1).image(), frames.get(i).image())
          <= policy.maxFrozenDifference()) {
        frozen++;
      }
    }
    List<Integer> withFace = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i).hasFace()) {
        withFace.add(i);
      }
    }
    List<Landmarks> points = withFace.stream().map(i -> frames.get(i).face().orElseThrow().landmarks()).toList();
    double[] yaw = points.stream().mapToDouble(p -> FaceGeometry.yawProxy(p.five())).toArray();

    OptionalInt reference = OptionalInt.empty();
    OptionalDouble identity = OptionalDouble.empty();
    if (!withFace.isEmpty()) {
      int best = 0;
      for (int k = 1; k < yaw.length; k++) {
        if (Math.abs(yaw[k]) < Math.abs(yaw[best])) {
          best = k;
        }
      }
      reference = OptionalInt.of(withFace.get(best));
      double worst = 0;
      for (int k = 1; k < withFace.size(); k++) {
        Embedding before = frames.get(withFace.get(k - 1)).embedding().orElseThrow();
        Embedding e = frames.get(withFace.get(k)).embedding().orElseThrow();
        before.requireSameModel(e);
        worst = Math.max(worst, metric.distance(before.vector(), e.vector()));
      }
      identity = OptionalDouble.of(worst);
    }

    OptionalDouble parallax = OptionalDouble.empty();
    OptionalDouble turn = OptionalDouble.empty();
    int n = points.size();
    if (n >= 2) {
      // Early frames against late ones: the kiosk asks for the turn as the burst starts, so the first
      // frames show the head before (or early in) the turn and the last ones at its end. The median
      // over all early-late pairs ignores one frame with misplaced landmarks.
      int k = endFrames(n);
      List<Double> pr = new ArrayList<>();
      List<Double> change = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        for (int j = n - k; j < n; j++) {
          pr.add(parallaxOrNone(points.get(i), points.get(j)));
          change.add(asked.imageSign() * (yaw[j] - yaw[i]));
        }
      }
      parallax = OptionalDouble.of(median(pr));
      turn = OptionalDouble.of(median(change));
    }

    ChallengeReason reason;
    if (frames.size() < policy.minFrames()) {
      reason = ChallengeReason.TOO_FEW_FRAMES;
    } else if (frozen > policy.maxFrozenPairs()) {
      reason = ChallengeReason.FROZEN;
    } else if (withFace.size() < frames.size()) {
      reason = ChallengeReason.NO_FACE;
    } else if (identity.getAsDouble() > maxDistance) {
      reason = ChallengeReason.DIFFERENT_PEOPLE;
    } else if (parallax.getAsDouble() < policy.minParallax()) {
      reason = ChallengeReason.FLAT;
    } else if (turn.getAsDouble() >= policy.minTurn()) {
      reason = ChallengeReason.PASSED;
    } else if (-turn.getAsDouble() >= policy.minTurn()) {
      reason = ChallengeReason.WRONG_DIRECTION;
    } else {
      reason = ChallengeReason.NO_TURN;
    }
    return new ChallengeVerdict(reason.passed(), reason, asked, frames.size(), withFace.size(), frozen, reference,
        identity, parallax, turn, policy, maxDistance);
  }

  /**
   * How many frames at each end of a burst of {@code n} face frames are compared: a third, rounded up
   * (3 of 8), at least 1, and never more than half so that early and late frames do not overlap.
   */
  static int endFrames(int n) {
    return Math.max(1, Math.min(n / 2, (n + 2) / 3));
  }

  static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int m = a.length / 2;
    return a.length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2;
  }

  /**
   * The nose parallax between two views, or 0 (no evidence of depth) when the landmarks are
   * degenerate (collinear or repeated eyes and mouth corners): a broken detection must count
   * against the burst, never crash the door or pass it.
   */
  private static double parallaxOrNone(Landmarks a, Landmarks b) {
    try {
      return FaceGeometry.noseParallax(a, b);
    } catch (IllegalArgumentException degenerate) {
      return 0;
    }
  }
}
