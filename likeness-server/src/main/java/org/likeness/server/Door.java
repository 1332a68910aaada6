package org.likeness.server;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.likeness.engine.Identification;
import org.likeness.engine.Likeness;
import org.likeness.engine.VerifyResult;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.decide.DecisionReason;
import org.likeness.models.DecisionThreshold;
import org.likeness.models.Thresholds;
import org.likeness.server.audit.AuditEntry;
import org.likeness.server.audit.AuditLog;
import org.likeness.server.audit.DoorEndpoint;
import org.likeness.server.audit.Outcome;
import org.likeness.server.metrics.Metrics;

/**
 * The door's two decisions, made exactly as the command line makes them: identify is {@link
 * Likeness#decide} against the gallery, verify is {@link Likeness#verifyInGallery} against the
 * claimed person's stored faces, at the {@link Thresholds} resolved at start: an explicit distance,
 * else the calibration for the requested false-accept rate, else the defaults (verify: the model's
 * best-accuracy threshold; identify: the calibrated threshold that lets at most 1% of strangers
 * match one of the gallery's templates); by default both follow the gallery's people when they are
 * more alike than the calibration's strangers. A face below the quality floor is refused with
 * advice for the person ({@code low_quality}). Every decision is written to the audit log before it
 * is answered.
 *
 * <p>What a kiosk key is told is cut down to the decision, so a kiosk cannot learn who is enrolled
 * or use distances to tune a spoof: identify lists no candidates, verify answers an unknown name
 * exactly as a rejected face, and distances are shown only when the door opens. The admin key and
 * the audit log see everything.
 */
final class Door {
  private final Gallery gallery;
  private final EnginePool engines;
  private final Thresholds thresholds;
  private final int topK;
  private final AuditLog audit;
  private final Metrics metrics;
  private final Clock clock;
  private final Presentation presentation;
  private final Challenges challenges;

  Door(Gallery gallery, EnginePool engines, Thresholds thresholds, int topK,
      AuditLog audit, Metrics metrics, Clock clock, Presentation presentation, Challenges challenges) {
    this.gallery = gallery;
    this.engines = engines;
    this.thresholds = thresholds;
    this.topK = topK;
    this.audit = audit;
    this.metrics = metrics;
    this.clock = clock;
    this.presentation = presentation;
    this.challenges = challenges;
  }

  /** A new head-turn challenge for a kiosk. */
  ApiV1.ChallengeResponse challenge() {
    Challenges.Issued c = challenges.issue();
    String direction = c.direction().name().toLowerCase(Locale.ROOT);
    return new ApiV1.ChallengeResponse(c.id(), direction, "Turn your head to your " + direction,
        Challenges.FRAMES, Challenges.SPAN.toMillis(), c.expires().toString(),
        presentation.policy().challenge() == DoorLiveness.Challenge.REQUIRED);
  }

  /** The challenge a burst answers; an unknown, answered or expired id is the caller's to renew. */
  private Optional<Challenges.Issued> answered(Optional<String> challengeId, List<Upload> photos) {
    if (challengeId.isEmpty()) {
      if (photos.size() > 1) {
        throw new ApiException(ErrorCode.TOO_MANY_IMAGES, "several images are a challenge burst: send them with the"
            + " 'challenge' field from POST /api/v1/challenge, or send one image");
      }
      return Optional.empty();
    }
    String id = challengeId.get();
    return Optional.of(challenges.take(id).orElseThrow(() -> new ApiException(ErrorCode.UNKNOWN_CHALLENGE,
        "challenge '" + Uploads.clean(id, 64) + "' is unknown, expired or already answered; ask POST"
            + " /api/v1/challenge for a new one")));
  }

  Thresholds thresholds() {
    return thresholds;
  }

  /** What one decision saw and decided; {@code id} is empty when the presentation was refused. */
  private record Decided<T>(Presentation.Checked checked, Optional<T> decision) {}

  /**
   * Who is in the photo (or the burst answering a challenge): the nearest enrolled person within the
   * threshold, or nobody; a presentation refused as a spoof is compared with no one.
   */
  ApiV1.IdentifyResponse identify(List<Upload> photos, Optional<String> challengeId, Caller caller) {
    Optional<Challenges.Issued> challenge = answered(challengeId, photos);
    Decided<Identification> d = engines.withSlot(slot -> {
      Presentation.Checked c = presentation.check(slot.engine(), photos, challenge, caller);
      return new Decided<>(c, c.refusal().isPresent() ? Optional.<Identification>empty()
          : Optional.of(slot.engine().decide(c.probe().orElseThrow(), gallery, thresholds, topK)));
    });
    Presentation.Checked c = d.checked();
    boolean full = caller.role() == Role.ADMIN;
    if (d.decision().isEmpty()) {
      DecisionThreshold threshold = thresholds.identify(Likeness.statistics(gallery));
      Outcome refusal = c.refusal().orElseThrow();
      record(DoorEndpoint.IDENTIFY, Optional.empty(), Optional.empty(), Optional.empty(), threshold, refusal,
          c.refusalReason(), c.faces(), c.upload(), caller);
      return new ApiV1.IdentifyResponse(refusal.label(), null, null, threshold.maxDistance(),
          threshold.far().orElse(null), threshold.source(), List.of(), c.faces(), c.refusalReason(), null,
          LivenessJson.challenge(c), LivenessJson.passive(c.passive(), caller), advice(c));
    }
    Identification id = d.decision().get();
    DecisionThreshold threshold = id.threshold();
    Outcome outcome = id.facesFound() == 0 ? Outcome.NO_FACE
        : id.reason() == DecisionReason.LOW_QUALITY ? Outcome.LOW_QUALITY
        : id.identity().isPresent() ? Outcome.IDENTIFIED : Outcome.UNKNOWN;
    record(DoorEndpoint.IDENTIFY, Optional.empty(), id.identity(), id.distance(), threshold, outcome,
        id.reason().name().toLowerCase(Locale.ROOT), id.facesFound(), c.upload(), caller);
    if (outcome.opens()) {
      presentation.opened(photos);
    }
    List<ApiV1.Candidate> candidates = full
        ? id.candidates().stream().map(m -> new ApiV1.Candidate(m.identity(), m.distance())).toList()
        : List.of();
    Double distance = full || outcome.opens() ? id.distance().orElse(null) : null;
    return new ApiV1.IdentifyResponse(outcome.label(), id.identity().orElse(null), distance,
        threshold.maxDistance(), threshold.far().orElse(null), threshold.source(), candidates, id.facesFound(),
        id.reason().name().toLowerCase(Locale.ROOT), id.quality().map(QualityJson::of).orElse(null),
        LivenessJson.challenge(c), LivenessJson.passive(c.passive(), caller), null);
  }

  /**
   * Whether the photo shows {@code claimedName}: their nearest stored face within the threshold, and
   * no other enrolled person nearer.
   */
  ApiV1.VerifyResponse verify(List<Upload> photos, Optional<String> challengeId, String claimedName, Caller caller) {
    String name = Names.require(claimedName);
    boolean known = gallery.person(name).isPresent();
    Optional<Challenges.Issued> challenge = answered(challengeId, photos);
    // An unknown name is encoded all the same: it costs the same time as a known one.
    Decided<VerifyResult> d = engines.withSlot(slot -> {
      Presentation.Checked c = presentation.check(slot.engine(), photos, challenge, caller);
      return new Decided<>(c, c.refusal().isPresent() ? Optional.<VerifyResult>empty()
          : Optional.of(slot.engine().verifyInGallery(c.probe().orElseThrow(), name, gallery, thresholds)));
    });
    Presentation.Checked c = d.checked();
    DecisionThreshold base = thresholds.verify();
    if (d.decision().isEmpty()) {
      Outcome refusal = c.refusal().orElseThrow();
      record(DoorEndpoint.VERIFY, Optional.of(name), Optional.empty(), Optional.empty(), base, refusal,
          c.refusalReason(), c.faces(), c.upload(), caller);
      return new ApiV1.VerifyResponse(name, refusal.label(), false, null, base.maxDistance(),
          base.far().orElse(null), base.source(), c.faces(), c.refusalReason(), null, LivenessJson.challenge(c),
          LivenessJson.passive(c.passive(), caller), advice(c));
    }
    VerifyResult result = d.decision().get();
    Upload photo = c.upload();
    // The distance used may have moved with the gallery (Thresholds#verify(GalleryStatistics)).
    DecisionThreshold threshold = result.verification()
        .map(v -> new DecisionThreshold(v.maxDistance(), base.far(), base.source()))
        .orElse(base);
    Optional<Double> distance = result.verification().map(v -> v.distance());
    Outcome outcome = !known ? Outcome.UNKNOWN_NAME
        : result.facesFound() == 0 ? Outcome.NO_FACE
        : result.reason() == DecisionReason.LOW_QUALITY ? Outcome.LOW_QUALITY
        : result.accepted() ? Outcome.ACCEPTED : Outcome.REJECTED;
    record(DoorEndpoint.VERIFY, Optional.of(name), result.accepted() ? Optional.of(name) : Optional.empty(),
        distance, threshold, outcome, result.reason().name().toLowerCase(Locale.ROOT), result.facesFound(), photo,
        caller);
    if (outcome.opens()) {
      presentation.opened(photos);
    }
    LivenessJson.Challenge challengeJson = LivenessJson.challenge(c);
    LivenessJson.Passive passiveJson = LivenessJson.passive(c.passive(), caller);
    String reason = result.reason().name().toLowerCase(Locale.ROOT);
    QualityJson quality = result.quality().map(QualityJson::of).orElse(null);
    if (caller.role() == Role.ADMIN) {
      return new ApiV1.VerifyResponse(name, outcome.label(), outcome.opens(), distance.orElse(null),
          threshold.maxDistance(), threshold.far().orElse(null), threshold.source(), result.facesFound(), reason,
          quality, challengeJson, passiveJson, null);
    }
    // A kiosk key must not learn whether a name is enrolled: an unknown name reads as a rejected face.
    // A face too poor to judge is refused as such whether or not the name is enrolled.
    Outcome shown = result.facesFound() == 0 ? Outcome.NO_FACE
        : result.reason() == DecisionReason.LOW_QUALITY ? Outcome.LOW_QUALITY
        : outcome.opens() ? Outcome.ACCEPTED : Outcome.REJECTED;
    String shownReason = outcome == Outcome.UNKNOWN_NAME && result.reason() != DecisionReason.LOW_QUALITY
        ? DecisionReason.NOBODY_CLOSE.name().toLowerCase(Locale.ROOT) : reason;
    return new ApiV1.VerifyResponse(name, shown.label(), outcome.opens(),
        outcome.opens() ? distance.orElse(null) : null,
        threshold.maxDistance(), threshold.far().orElse(null), threshold.source(), result.facesFound(), shownReason,
        quality, challengeJson, passiveJson, null);
  }

  /** What the person is told when refused before comparing. */
  private static String advice(Presentation.Checked c) {
    if (c.spoof().isPresent()) {
      return Presentation.SPOOF_ADVICE;
    }
    return c.challenge().map(v -> v.advice()).filter(a -> !a.isEmpty()).orElse("look at the camera");
  }

  private void record(DoorEndpoint endpoint, Optional<String> claimed, Optional<String> identity,
      Optional<Double> distance, DecisionThreshold threshold, Outcome outcome, String reason, int faces, Upload photo,
      Caller caller) {
    audit.append(new AuditEntry(0, clock.instant(), endpoint, claimed, identity, distance, threshold.maxDistance(),
        outcome, faces, photo.sha256(), caller.keyName(), Optional.of(reason)));
    metrics.recordDecision(endpoint.label(), outcome.label());
  }
}
