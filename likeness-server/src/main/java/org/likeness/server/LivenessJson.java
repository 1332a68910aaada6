package org.likeness.server;

import java.util.Optional;
import org.likeness.liveness.LivenessResult;
import org.likeness.liveness.challenge.ChallengeVerdict;
import org.likeness.liveness.challenge.TurnDirection;

/** The liveness parts of a door answer, as JSON. */
final class LivenessJson {
  private LivenessJson() {}

  /**
   * The passive network's result; only an admin key sees it (a kiosk must not be able to tune a
   * photo against the score).
   *
   * @param model the network
   * @param live whether the score is under the threshold
   * @param score the attack score (higher = more likely a photo or screen)
   * @param threshold the door's threshold
   * @param gate whether this door refuses on it, or only reports it
   */
  record Passive(String model, boolean live, double score, double threshold, boolean gate) {
    static Passive of(LivenessResult r) {
      return new Passive(r.model(), r.live(), r.score(), r.threshold().maxAttackScore(), r.threshold().gate());
    }
  }

  /**
   * The head-turn challenge's verdict.
   *
   * @param direction the direction asked: {@code left} or {@code right} (the person's own)
   * @param passed whether the burst passed
   * @param reason why, e.g. {@code passed}, {@code flat}, {@code wrong_direction}
   * @param message a one-line reading of the reason
   * @param advice what to tell the person, or {@code null}
   */
  record Challenge(String direction, boolean passed, String reason, String message, String advice) {
    static Challenge of(TurnDirection asked, ChallengeVerdict v) {
      return new Challenge(asked.name().toLowerCase(java.util.Locale.ROOT), v.passed(),
          v.reason().name().toLowerCase(java.util.Locale.ROOT), v.reason().message(),
          v.reason().advice().isEmpty() ? null : v.reason().advice());
    }
  }

  static Passive passive(Optional<LivenessResult> r, Caller caller) {
    return caller.role() == Role.ADMIN ? r.map(Passive::of).orElse(null) : null;
  }

  static Challenge challenge(Presentation.Checked c) {
    return c.challenge().isPresent() && c.direction().isPresent()
        ? Challenge.of(c.direction().get(), c.challenge().get()) : null;
  }
}
