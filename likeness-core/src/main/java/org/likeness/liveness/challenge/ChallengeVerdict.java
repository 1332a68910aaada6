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
 * @param referenceFrame the most frontal face, the one the door decides on
 * @param maxIdentityDistance the largest embedding distance between the faces of consecutive frames
 * @param parallax how far the nose leaves the plane of the eyes and mouth between the early and the
 *     late frames (the first and last third of the burst), in eye distances: the median over all
 *     early-late frame pairs of the nose's mean distance from where the least-squares homography
 *     through the eye and outer mouth contours puts it (with only five landmarks: the nose tip
 *     against the eyes and mouth corners); about {@code 0.45 sin(angle turned)} for a real head,
 *     landmark noise for a photo
 * @param turn the median over the same pairs of the yaw proxy's change from early to late, signed so
 *     that a turn the asked way is positive, in eye distances (about {@code 0.5 tan(angle)} for a turn
 *     from frontal); negative when the head turned the other way
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
    OptionalDouble turn,
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
