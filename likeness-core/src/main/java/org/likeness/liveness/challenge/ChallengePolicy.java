package org.likeness.liveness.challenge;

/**
 * Every threshold the {@link ChallengeJudge} applies, in one place. The identity threshold is not
 * here: it is the embedding model's calibrated verify distance, given to the judge separately.
 *
 * @param minFrames fewest frames a burst may hold
 * @param maxFrames most frames a burst may hold (bounds the work one request can cause)
 * @param maxFrozenDifference mean absolute luma difference (0..255, on a 32x32 grid) at or below which
 *     two consecutive frames count as the same frame
 * @param maxFrozenPairs most consecutive pairs that may count as the same frame
 * @param framesLeftOut how many frames the parallax and turn statistics may ignore (the ones most in
 *     the person's favour), so that one frame with misplaced landmarks can neither fake nor spoil a turn
 * @param minParallax least nose parallax (eye distances; see {@link ChallengeVerdict#parallax()}) of a
 *     head that is not flat
 * @param minTurn least change of the yaw proxy (eye distances; see {@link ChallengeVerdict#turnAsked()})
 *     in the asked direction
 */
public record ChallengePolicy(
    int minFrames,
    int maxFrames,
    double maxFrozenDifference,
    int maxFrozenPairs,
    int framesLeftOut,
    double minParallax,
    double minTurn) {

  /**
   * The shipped thresholds, chosen with {@code likeness evaluate challenge --split dev} (spoof sets
   * apfol and trickyf0x, LFW DevTrain people); see docs/challenge.md for the measurements.
   */
  public static final ChallengePolicy DEFAULT = new ChallengePolicy(5, 32, 0.5, 0, 1, 0.06, 0.10);

  public ChallengePolicy {
    if (minFrames < 2 || maxFrames < minFrames) {
      throw new IllegalArgumentException(
          "a burst needs at least 2 frames and maxFrames >= minFrames, got " + minFrames + " and " + maxFrames);
    }
    if (framesLeftOut < 0 || minFrames - framesLeftOut < 2) {
      throw new IllegalArgumentException("framesLeftOut must leave at least 2 of the minimum " + minFrames
          + " frames, got " + framesLeftOut);
    }
    if (!(maxFrozenDifference >= 0) || maxFrozenPairs < 0 || !(minParallax >= 0) || !(minTurn > 0)) {
      throw new IllegalArgumentException("thresholds must not be negative (and minTurn positive), got frozen "
          + maxFrozenDifference + "/" + maxFrozenPairs + ", parallax " + minParallax + ", turn " + minTurn);
    }
  }

  public ChallengePolicy withMinParallax(double v) {
    return new ChallengePolicy(minFrames, maxFrames, maxFrozenDifference, maxFrozenPairs, framesLeftOut, v, minTurn);
  }

  public ChallengePolicy withMinTurn(double v) {
    return new ChallengePolicy(minFrames, maxFrames, maxFrozenDifference, maxFrozenPairs, framesLeftOut, minParallax, v);
  }
}
