package org.likeness.server.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * One door decision as the audit log keeps it. It holds the photo's SHA-256, not the photo.
 *
 * @param id the row id, increasing with time
 * @param at when the decision was made
 * @param endpoint identify or verify
 * @param claimedName the name given to verify; empty for identify
 * @param identity the person the door opened for; empty when it stayed shut
 * @param distance the distance the decision turned on (nearest person, or nearest template of the
 *     claimed person); empty when there was no face, nobody enrolled, or no such person
 * @param threshold the largest distance accepted
 * @param outcome what the decision came to
 * @param faces faces found in the photo
 * @param imageSha256 SHA-256 of the uploaded bytes
 * @param keyName the name of the API key used (never the key)
 * @param reason why, as the answer's {@code reason} label ({@code match}, {@code nobody_close},
 *     {@code flat}, {@code replay}, ...); empty for decisions logged before reasons were kept
 */
public record AuditEntry(
    long id,
    Instant at,
    DoorEndpoint endpoint,
    Optional<String> claimedName,
    Optional<String> identity,
    Optional<Double> distance,
    double threshold,
    Outcome outcome,
    int faces,
    String imageSha256,
    String keyName,
    Optional<String> reason) {
  public AuditEntry {
    if (at == null || endpoint == null || claimedName == null || identity == null || distance == null
        || outcome == null || imageSha256 == null || keyName == null || reason == null) {
      throw new IllegalArgumentException("audit entry " + id + " is incomplete: " + endpoint + " " + outcome + " at " + at);
    }
  }

  /** The same entry as a flat row for JSON, with {@code null} for what is absent. */
  public Row row() {
    return new Row(id, at.toString(), endpoint.label(), claimedName.orElse(null), identity.orElse(null),
        distance.orElse(null), threshold, outcome.label(), faces, imageSha256, keyName, reason.orElse(null));
  }

  /** An {@link AuditEntry} flattened for JSON: times in ISO-8601, enums as lower-case labels. */
  public record Row(long id, String at, String endpoint, String claimedName, String identity, Double distance,
      double threshold, String outcome, int faces, String imageSha256, String keyName, String reason) {}
}
