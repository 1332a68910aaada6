package org.likeness.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.likeness.engine.Likeness;
import org.likeness.image.ImageLoader;
import org.likeness.image.RgbImage;
import org.likeness.liveness.LivenessCheck;
import org.likeness.liveness.LivenessResult;
import org.likeness.liveness.challenge.ChallengeReason;
import org.likeness.liveness.challenge.ChallengeVerdict;
import org.likeness.liveness.challenge.TurnDirection;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.server.audit.Outcome;

/**
 * Whether what stands at the door is a live person, before anyone is compared: a replay check on
 * every uploaded image, the head-turn challenge on a burst, and the passive network on the frame
 * that will be decided on. Runs inside an engine slot.
 */
final class Presentation {
  /** What a kiosk is told when it is refused as a spoof. */
  static final String SPOOF_ADVICE = "please step in front of the camera yourself";

  /**
   * The outcome of the presentation checks.
   *
   * @param upload the upload the decision uses (the burst's most frontal face, or the one photo)
   * @param probe that upload's encoding, made once and used by every check and by the decision;
   *     empty when the upload was refused before encoding (a replay)
   * @param spoof why the presentation was refused as a spoof, if it was (a label such as {@code
   *     replay}, {@code flat}, {@code challenge_required}, {@code attack_score})
   * @param challenge the challenge's verdict, when a burst was sent
   * @param direction the asked direction, when a burst was sent
   * @param passive the passive network's result on the probe's face, when run
   */
  record Checked(Upload upload, Optional<FaceEncoding> probe, Optional<String> spoof,
      Optional<ChallengeVerdict> challenge, Optional<TurnDirection> direction, Optional<LivenessResult> passive) {
    /** Faces found in the decision's upload; 0 when it was refused before encoding. */
    int faces() {
      return probe.map(FaceEncoding::facesFound).orElse(0);
    }

    /** How the door refuses before comparing: a spoof, or a burst whose face was not seen; empty to compare. */
    Optional<Outcome> refusal() {
      if (spoof.isPresent()) {
        return Optional.of(Outcome.SPOOF);
      }
      return challenge.filter(v -> !v.passed()).map(v -> Outcome.NO_FACE);
    }

    /** The refusal's reason label. */
    String refusalReason() {
      return spoof.orElseGet(() -> challenge.map(v -> v.reason().name().toLowerCase(Locale.ROOT)).orElse("no_face"));
    }
  }

  private final DoorLiveness policy;
  private final Replays replays;
  private final Optional<LivenessCheck> passive;
  private final ImageLoader loader;

  Presentation(DoorLiveness policy, Replays replays, Optional<LivenessCheck> passive, ImageLoader loader) {
    this.policy = policy;
    this.replays = replays;
    this.passive = passive;
    this.loader = loader;
  }

  DoorLiveness policy() {
    return policy;
  }

  /**
   * Checks {@code uploads}: one photo, or a burst answering {@code challenge}. A kiosk key must answer
   * a challenge when the door requires one.
   */
  Checked check(Likeness engine, List<Upload> uploads, Optional<Challenges.Issued> challenge, Caller caller) {
    List<RgbImage> frames = new ArrayList<>(uploads.size());
    for (Upload u : uploads) {
      frames.add(loader.decode(u.bytes(), u.name()));
    }
    // Replays are refused for every burst, and for every photo while the door requires the challenge;
    // a door with the challenge off takes photos from other systems, which may resend one legitimately.
    boolean replayMatters = challenge.isPresent() || policy.challenge() == DoorLiveness.Challenge.REQUIRED;
    if (replayMatters && replays.anySeen(uploads.stream().map(Upload::sha256).toList())) {
      return new Checked(uploads.get(0), Optional.empty(), Optional.of("replay"), Optional.empty(),
          challenge.map(Challenges.Issued::direction), Optional.empty());
    }
    if (challenge.isEmpty()) {
      Optional<String> spoof = policy.challenge() == DoorLiveness.Challenge.REQUIRED && caller.role() == Role.KIOSK
          ? Optional.of("challenge_required") : Optional.empty();
      return withPassive(frames.get(0), uploads.get(0), engine.encode(frames.get(0)), spoof, Optional.empty(),
          Optional.empty());
    }
    TurnDirection asked = challenge.get().direction();
    List<FaceEncoding> encoded = frames.stream().map(engine::encode).toList();
    ChallengeVerdict verdict = engine.challenge(frames, encoded, asked);
    // A burst that failed because faces were missing is not an attack, but it opens nothing either.
    Optional<String> spoof = verdict.passed() || notSeen(verdict)
        ? Optional.empty() : Optional.of(verdict.reason().name().toLowerCase(Locale.ROOT));
    // The decision uses the burst's most frontal face, the judge's reference for identity.
    int chosen = verdict.referenceFrame().orElse(0);
    return withPassive(frames.get(chosen), uploads.get(chosen), encoded.get(chosen), spoof, Optional.of(verdict),
        Optional.of(asked));
  }

  private Checked withPassive(RgbImage frame, Upload upload, FaceEncoding probe, Optional<String> spoof,
      Optional<ChallengeVerdict> verdict, Optional<TurnDirection> asked) {
    Optional<LivenessResult> result = passive.isPresent() && policy.passive() != DoorLiveness.Passive.OFF
        ? probe.face().map(f -> passive.get().check(frame, f)) : Optional.empty();
    if (spoof.isEmpty() && result.isPresent() && result.get().refuses()) {
      spoof = Optional.of("attack_score");
    }
    return new Checked(upload, Optional.of(probe), spoof, verdict, asked, result);
  }

  /** Whether the burst failed only because the face was not seen in enough frames. */
  static boolean notSeen(ChallengeVerdict v) {
    return v.reason() == ChallengeReason.NO_FACE || v.reason() == ChallengeReason.TOO_FEW_FRAMES;
  }

  /** Remembers the images of an upload that opened the door. */
  void opened(List<Upload> uploads) {
    replays.accepted(uploads.stream().map(Upload::sha256).toList());
  }
}
