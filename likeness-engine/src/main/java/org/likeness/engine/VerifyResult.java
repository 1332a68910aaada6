package org.likeness.engine;

import java.util.Optional;
import org.likeness.compare.Verification;
import org.likeness.gallery.decide.DecisionReason;
import org.likeness.quality.QualityVerdict;

/**
 * The outcome of checking a photo against a claimed identity's templates.
 *
 * @param claimedIdentity the name on the badge
 * @param facesFound faces detected in the photo; 0 means no decision could be made
 * @param verification the decision against the nearest template; empty when no face was found or
 *     it was refused for its quality
 * @param reason why the claim was accepted or not
 * @param quality the quality check the face failed, when {@code reason} is {@link DecisionReason#LOW_QUALITY}
 */
public record VerifyResult(String claimedIdentity, int facesFound, Optional<Verification> verification,
    DecisionReason reason, Optional<QualityVerdict> quality) {
  public VerifyResult {
    if (quality.isPresent() != (reason == DecisionReason.LOW_QUALITY)) {
      throw new IllegalArgumentException(
          "a verification carries a quality verdict exactly when its reason is LOW_QUALITY, got " + reason);
    }
    if ((reason == DecisionReason.MATCH) != verification.map(Verification::accepted).orElse(false)) {
      throw new IllegalArgumentException("a verification is accepted exactly when its reason is MATCH, got " + reason);
    }
  }

  /** A claim nobody could check: no face, or no templates for the name. */
  static VerifyResult undecided(String claimedIdentity, int facesFound) {
    return new VerifyResult(claimedIdentity, facesFound, Optional.empty(),
        facesFound == 0 ? DecisionReason.NO_FACE : DecisionReason.EMPTY_GALLERY, Optional.empty());
  }

  /** True only when a face was found and it matched; a photo without a face never opens the door. */
  public boolean accepted() {
    return reason == DecisionReason.MATCH;
  }
}
