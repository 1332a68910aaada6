package org.likeness.gallery.decide;

import java.util.List;
import java.util.Optional;
import org.likeness.gallery.Match;

/**
 * An answer to "who is this?": the accepted person or nobody, the candidates it was chosen from,
 * and why.
 *
 * @param accepted the person let in, or empty for unknown
 * @param candidates the nearest people, nearest first (may be empty)
 * @param reason why
 * @param detail one line for logs and people: the numbers behind the reason
 */
public record OpenSetDecision(Optional<Match> accepted, List<Match> candidates, DecisionReason reason, String detail) {
  public OpenSetDecision {
    candidates = List.copyOf(candidates);
    if (accepted.isPresent() != (reason == DecisionReason.MATCH)) {
      throw new IllegalArgumentException("a decision accepts someone exactly when its reason is MATCH, got "
          + accepted.map(Match::identity).orElse("nobody") + " with " + reason);
    }
  }
}
