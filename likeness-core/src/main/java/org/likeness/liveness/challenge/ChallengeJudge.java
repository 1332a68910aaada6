package org.likeness.liveness.challenge;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.likeness.compare.Metric;
import org.likeness.detect.FivePoints;
import org.likeness.embed.Embedding;

/**
 * Decides a challenge burst: did one live person, in every frame, turn their head the asked way? The
 * checks, in the order their failures are reported ({@link ChallengeReason}): enough frames; no
 * frozen stream (consecutive frames nearly identical); a face in every frame; the same person in
 * every frame (embedding distance to the most frontal frame's face within the model's verify
 * threshold); not flat (the nose shows parallax against the homography of the eyes and mouth
 * corners); turned the asked way by at least {@link ChallengePolicy#minTurn()}, and not only the
 * other way. Pure and thread-safe.
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
    List<FivePoints> points = withFace.stream().map(i -> frames.get(i).face().orElseThrow().landmarks().five()).toList();
    double[] yaw = points.stream().mapToDouble(FaceGeometry::yawProxy).toArray();

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
      Embedding ref = frames.get(withFace.get(best)).embedding().orElseThrow();
      double worst = 0;
      for (int i : withFace) {
        Embedding e = frames.get(i).embedding().orElseThrow();
        ref.requireSameModel(e);
        worst = Math.max(worst, metric.distance(ref.vector(), e.vector()));
      }
      identity = OptionalDouble.of(worst);
    }

    OptionalDouble parallax = OptionalDouble.empty();
    OptionalDouble turnAsked = OptionalDouble.empty();
    OptionalDouble turnOpposite = OptionalDouble.empty();
    int n = points.size();
    int leftOut = Math.min(policy.framesLeftOut(), Math.max(0, n - 2));
    if (n >= 2) {
      double[][] pr = new double[n][n];
      double[][] up = new double[n][n];
      double[][] down = new double[n][n];
      int sign = asked.imageSign();
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          pr[i][j] = FaceGeometry.noseParallax(points.get(i), points.get(j));
          // Later minus earlier, toward the asked side and toward the other.
          up[i][j] = sign * (yaw[j] - yaw[i]);
          down[i][j] = -sign * (yaw[j] - yaw[i]);
        }
      }
      parallax = OptionalDouble.of(robustMax(pr, leftOut));
      turnAsked = OptionalDouble.of(robustMax(up, leftOut));
      turnOpposite = OptionalDouble.of(robustMax(down, leftOut));
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
    } else if (turnAsked.getAsDouble() >= policy.minTurn()) {
      reason = ChallengeReason.PASSED;
    } else if (turnOpposite.getAsDouble() >= policy.minTurn()) {
      reason = ChallengeReason.WRONG_DIRECTION;
    } else {
      reason = ChallengeReason.NO_TURN;
    }
    return new ChallengeVerdict(reason.passed(), reason, asked, frames.size(), withFace.size(), frozen, reference,
        identity, parallax, turnAsked, turnOpposite, policy, maxDistance);
  }

  /**
   * The largest {@code m[i][j]} (i < j) once up to {@code leftOut} frames are removed, choosing the
   * frames whose removal lowers it most: a single frame with misplaced landmarks then cannot carry the
   * statistic. Exhaustive over the removals, which is cheap for the few frames of a burst.
   */
  static double robustMax(double[][] m, int leftOut) {
    int n = m.length;
    boolean[] out = new boolean[n];
    return robustMax(m, leftOut, 0, out);
  }

  private static double robustMax(double[][] m, int leftOut, int from, boolean[] out) {
    double best = maxWithout(m, out);
    if (leftOut == 0) {
      return best;
    }
    for (int k = from; k < m.length; k++) {
      out[k] = true;
      best = Math.min(best, robustMax(m, leftOut - 1, k + 1, out));
      out[k] = false;
    }
    return best;
  }

  private static double maxWithout(double[][] m, boolean[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < m.length; i++) {
      for (int j = i + 1; j < m.length; j++) {
        if (!out[i] && !out[j]) {
          max = Math.max(max, m[i][j]);
        }
      }
    }
    return max;
  }
}
