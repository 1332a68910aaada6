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
 * @param minParallax least nose parallax (eye distances; see {@link ChallengeVerdict#parallax()}) of a
 *     head that is not flat
 * @param minTurn least change of the yaw proxy (eye distances; see {@link ChallengeVerdict#turn()})
 *     in the asked direction
 */
public record ChallengePolicy(
    int minFrames,
    int maxFrames,
    double maxFrozenDifference,
    int maxFrozenPairs,
    double minParallax,
    double minTurn) {

  /**
   * The shipped thresholds. {@code minParallax} and {@code minTurn} (0.09 eye distances each, about
   * a 10 degree turn for a generic face) were chosen with {@code likeness evaluate challenge --split
   * dev} (spoof sets apfol and trickyf0x, flat attacks from LFW DevTrain people): on its 500 flat
   * attacks the pair (0.075, 0.075) let 1.0% through and (0.09, 0.09) 0.2%, while the share of live
   * bursts showing parallax stayed at 94% for any parallax threshold from 0.06 to 0.10, and flat
   * attacks' parallax has its 95th percentile at 0.07. A frame counts as repeated
   * at a mean luma difference of at most 0.05 levels on the 32x32 grid: a re-sent frame differs by 0,
   * while a camera's sensor noise alone (1 to 3 levels per pixel, averaged over the 150-odd pixels of
   * a cell of a 480x360 frame) moves a still scene by about 0.1 to 0.3. The development sets are tight
   * crops of moving faces and cannot measure a person standing still in a whole frame, so this number
   * comes from that arithmetic, half its low end, so a still visitor is not taken for a frozen stream; two
   * repeated pairs are allowed because cameras and kiosk pipelines occasionally deliver a frame twice.
   * At least 5 frames, so that the early and late thirds hold two frames each; at most 32, to bound one request's work. See docs/challenge.md.
   */
  public static final ChallengePolicy DEFAULT = new ChallengePolicy(5, 32, 0.05, 2, 0.09, 0.09);

  public ChallengePolicy {
    if (minFrames < 2 || maxFrames < minFrames) {
      throw new IllegalArgumentException(
          "a burst needs at least 2 frames and maxFrames >= minFrames, got " + minFrames + " and " + maxFrames);
    }
    if (!(maxFrozenDifference >= 0) || maxFrozenPairs < 0 || !(minParallax >= 0) || !(minTurn > 0)) {
      throw new IllegalArgumentException("thresholds must not be negative (and minTurn positive), got frozen "
          + maxFrozenDifference + "/" + maxFrozenPairs + ", parallax " + minParallax + ", turn " + minTurn);
    }
  }

  public ChallengePolicy withMinParallax(double v) {
    return new ChallengePolicy(minFrames, maxFrames, maxFrozenDifference, maxFrozenPairs, v, minTurn);
  }

  public ChallengePolicy withMinTurn(double v) {
    return new ChallengePolicy(minFrames, maxFrames, maxFrozenDifference, maxFrozenPairs, minParallax, v);
  }
}
