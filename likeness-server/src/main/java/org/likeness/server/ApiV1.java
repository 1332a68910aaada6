package org.likeness.server;

import java.util.List;
import org.likeness.server.audit.AuditEntry;
import org.likeness.server.audit.VisitRecord;

/**
 * The JSON bodies of API v1, in one place so they can be read side by side with {@code
 * openapi.json}, which documents the same shapes. Absent values are {@code null}, never left out.
 */
public final class ApiV1 {
  private ApiV1() {}

  /** One of the enrolled people nearest to the probe. */
  public record Candidate(String identity, double distance) {}

  /**
   * The answer of {@code POST /api/v1/identify}.
   *
   * @param outcome {@code identified}, {@code unknown}, {@code no_face}, {@code low_quality} or {@code spoof}
   * @param identity who it is; {@code null} when unknown or no face
   * @param distance the nearest person's distance; {@code null} without a face or enrolled people,
   *     and for a kiosk key unless someone was identified
   * @param threshold the largest distance accepted
   * @param far the false-accept rate the threshold was calibrated for; {@code null} for the
   *     best-accuracy threshold or an explicit one
   * @param calibration where the threshold comes from
   * @param candidates the nearest people, best first; empty for a kiosk key, which must not be able
   *     to list who is enrolled
   * @param faces faces found in the photo (the largest is used)
   * @param reason why: {@code match}, {@code nobody_close}, {@code low_quality}, {@code no_face} or
   *     {@code empty_gallery}
   * @param quality the quality check the face failed, with advice for the person; {@code null}
   *     unless {@code reason} is {@code low_quality}
   * @param challenge the head-turn challenge's verdict when a burst was sent, else {@code null}
   * @param liveness the passive network's score (admin key only), else {@code null}
   * @param advice what to tell the person when refused as a {@code spoof}, else {@code null}
   */
  public record IdentifyResponse(String outcome, String identity, Double distance, double threshold, Double far,
      String calibration, List<Candidate> candidates, int faces, String reason, QualityJson quality,
      LivenessJson.Challenge challenge, LivenessJson.Passive liveness, String advice) {}

  /**
   * The answer of {@code POST /api/v1/verify}.
   *
   * @param name the claimed name, as stored (Unicode NFC)
   * @param outcome {@code accepted}, {@code rejected} or {@code no_face}; an admin key also sees
   *     {@code unknown_name}, which a kiosk key sees as {@code rejected}
   * @param accepted whether the door opens
   * @param distance the distance to the claimed person's nearest face; {@code null} without a face
   *     or for an unknown name, and for a kiosk key unless accepted
   * @param threshold the largest distance accepted
   * @param far the calibrated false-accept rate, or {@code null}
   * @param calibration where the threshold comes from
   * @param faces faces found in the photo
   * @param reason why: {@code match}, {@code nobody_close}, {@code closer_to_another} (the face is
   *     nearer another enrolled person), {@code low_quality}, {@code no_face} or {@code empty_gallery}
   * @param quality the quality check the face failed, with advice; {@code null} unless {@code reason}
   *     is {@code low_quality}
   * @param challenge the head-turn challenge's verdict when a burst was sent, else {@code null}
   * @param liveness the passive network's score (admin key only), else {@code null}
   * @param advice what to tell the person when refused as a {@code spoof}, else {@code null}
   */
  public record VerifyResponse(String name, String outcome, boolean accepted, Double distance, double threshold,
      Double far, String calibration, int faces, String reason, QualityJson quality,
      LivenessJson.Challenge challenge, LivenessJson.Passive liveness, String advice) {}

  /**
   * The answer of {@code POST /api/v1/challenge}: a head-turn challenge to answer with a burst.
   *
   * @param challenge the id to send back as the form field {@code challenge}
   * @param direction {@code left} or {@code right}: the person's own
   * @param instruction what the kiosk shows
   * @param frames how many frames to send as {@code image} parts
   * @param spanMs over how many milliseconds to spread them
   * @param expires when the challenge can no longer be answered (ISO-8601)
   * @param required whether this door refuses a kiosk's single photo
   */
  public record ChallengeResponse(String challenge, String direction, String instruction, int frames, long spanMs,
      String expires, boolean required) {}

  /** One enrolled face; {@code thumbnail} is the path of its JPEG, or {@code null} when none was stored. */
  public record Face(long id, String enrolledAt, double detectionScore, String thumbnail) {}

  /** One enrolled person and their faces, oldest first. */
  public record Person(String name, String firstEnrolledAt, String lastEnrolledAt, List<Face> faces) {}

  /** The answer of {@code GET /api/v1/people}: everyone, by name. */
  public record People(int people, int faces, List<Person> list) {}

  /**
   * What enrolling one uploaded image did.
   *
   * @param image the part's file name
   * @param status one of {@link EnrollStatus}'s labels
   * @param faceId the stored face's id when enrolled or already enrolled, else {@code null}
   * @param error why the image was not enrolled, else {@code null}
   * @param quality the quality check the face failed when {@code force=true} enrolled it anyway,
   *     else {@code null}
   */
  public record ImageResult(String image, String status, Long faceId, String error, QualityJson quality) {}

  /** The answer of {@code POST /api/v1/people/{name}/faces}: one result per image, in upload order. */
  public record EnrollResponse(String person, List<ImageResult> results, int faces) {}

  /** The answer of {@code DELETE /api/v1/people/{name}}. */
  public record PersonRemoved(String person, int facesRemoved) {}

  /** The answer of {@code DELETE /api/v1/people/{name}/faces/{id}}; removing the last face removes the person. */
  public record FaceRemoved(String person, long faceId, boolean personRemoved) {}

  /** The answer of {@code GET /api/v1/whoami}: the role ({@code admin} or {@code kiosk}) and name of the key used. */
  public record WhoAmI(String role, String keyName) {}

  /**
   * The answer of {@code GET /health}; {@code scanKernel} says which dot product the gallery scan
   * uses (SIMD or scalar) and why. {@code status} is {@code ok}, or {@code degraded} while the door's
   * camera does not stream or its watcher stopped; {@code camera} is null for a door without one.
   */
  public record Health(String status, String model, String scanKernel, Camera camera) {}

  /**
   * The door camera in {@code /health}: its state ({@code streaming}, {@code reconnecting}, {@code
   * ended}, {@code failed}, ...) since when, its reconnects, and whether the watcher runs. The last
   * error stays out of this public answer (it may name the camera's address); {@code /metrics} and
   * the log have the rest.
   */
  public record Camera(String door, String state, String since, long reconnects, boolean watching) {}

  /** The answer of {@code GET /api/v1/visits}: the visits decided at the door's camera since {@code since}, oldest first. */
  public record Visits(String since, List<VisitRecord.Row> visits) {}

  /** The answer of {@code GET /api/v1/audit}: the latest decisions, newest first. */
  public record Audit(List<AuditEntry.Row> entries) {}

  /** Every error: {@code {"error": {"code": "...", "message": "..."}}}. */
  /** {@code POST /api/v1/admin/migrate}: the model the door should follow, e.g. {@code dlib-resnet-128}. */
  public record MigrateRequest(String model) {}

  /** A person some of whose faces cannot follow the new model (no chip kept), who needs new photos. */
  public record NeedsPhotos(String person, int faces, int facesWithoutChip, boolean wholePerson) {}

  /**
   * Where the door's migration to a new model stands: {@code state} is {@code idle}, {@code running},
   * {@code switched}, {@code incomplete} (some faces have no chip; see {@code needNewPhotos}) or
   * {@code failed} ({@code error} says why); {@code done} of {@code total} faces re-embedded so far.
   */
  public record MigrationStatus(String state, String from, String to, int done, int total,
      List<NeedsPhotos> needNewPhotos, String error, String newGallery, String keptGallery, String startedAt,
      String finishedAt) {}

  public record ErrorResponse(ErrorBody error) {}

  /** An error's stable {@link ErrorCode} label and a message naming the offending value. */
  public record ErrorBody(String code, String message) {}
}
