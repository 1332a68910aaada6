package org.likeness.engine;

import java.util.Optional;
import org.likeness.compare.Verification;

/**
 * The outcome of checking a photo against a claimed identity's templates.
 *
 * @param claimedIdentity the name on the badge
 * @param facesFound faces detected in the photo; 0 means no decision could be made
 * @param verification the decision against the nearest template; empty when no face was found
 */
public record VerifyResult(String claimedIdentity, int facesFound, Optional<Verification> verification) {
  /** True only when a face was found and it matched; a photo without a face never opens the door. */
  public boolean accepted() {
    return verification.map(Verification::accepted).orElse(false);
  }
}
