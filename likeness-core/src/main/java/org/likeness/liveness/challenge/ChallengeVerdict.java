package org.likeness.liveness.challenge;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The judge's answer for one burst: whether it passed, why, everything it measured and the
 * thresholds it measured against. A measurement that could not be made (no two frames with a face,
 * say) is empty. Every measurement is made even when an earlier check already failed, so a refused
 * burst still shows how it would have fared on the others.
 *
 * @param passed whether a live person turned as asked
 * @param reason the first check that failed, or {@link ChallengeReason#PASSED}
 * @param asked the direction the server asked for
 * @param frames frames in the burst
 * @param framesWithFace frames in which a face was found
 * @param frozenPairs consecutive frame pairs that differ by at most {@link
 *     ChallengePolicy#maxFrozenDifference()}
 * @param referenceFrame the frame the others are compared with for identity: the most frontal face
 * @param maxIdentityDistance the largest embedding distance of any frame's face to the reference face
 * @param parallax how far the nose leaves the plane of the eyes and mouth corners, in eye distances:
 *     the largest {@code noseParallax} over all frame pairs once the {@link
 *     ChallengePolicy#framesLeftOut()} frames that raise it most are left out
 * @param turnAsked the largest later-minus-earlier change of the yaw proxy in the asked direction, in
 *     eye distances, with the same frames left out (about {@code 0.5 tan(angle)} for a turn from frontal)
 * @param turnOpposite the same in the opposite direction
 * @param policy the thresholds applied
 * @param maxDistance the embedding distance up to which two faces count as the same person
 */
public record ChallengeVerdict(
    boolean passed,
    ChallengeReason reason,
    TurnDirection asked,
    int frames,
    int framesWithFace,
    int frozenPairs,
    OptionalInt referenceFrame,
    OptionalDouble maxIdentityDistance,
    OptionalDouble parallax,
    OptionalDouble turnAsked,
    OptionalDouble turnOpposite,
    ChallengePolicy policy,
    double maxDistance) {
  public ChallengeVerdict {
    if (reason == null || asked == null || policy == null) {
      throw new IllegalArgumentException("a verdict needs a reason, the asked direction and the policy");
    }
    if (passed != reason.passed()) {
      throw new IllegalArgumentException("passed is " + passed + " but the reason is " + reason);
    }
  }

  /** The reason's one-line message. */
  public String message() {
    return reason.message();
  }

  /** The reason's advice for the person at the kiosk; empty when passed. */
  public String advice() {
    return reason.advice();
  }

  /** Whether the parallax test alone passed: the face is not a flat plane. */
  public boolean notFlat() {
    return parallax.isPresent() && parallax.getAsDouble() >= policy.minParallax();
  }
}
