package org.likeness.engine;

import java.util.List;
import java.util.Optional;
import org.likeness.gallery.Match;
import org.likeness.gallery.decide.DecisionReason;
import org.likeness.models.DecisionThreshold;
import org.likeness.quality.QualityVerdict;

/**
 * The answer to "who is this?": the nearest enrolled person if they are close enough, else nobody,
 * and why.
 *
 * @param identity the recognised person; empty means unknown (or no face), and the door stays shut
 * @param distance the nearest person's distance; empty when there was no face, the face was refused
 *     for its quality, or the gallery is empty
 * @param threshold the threshold applied and what it stands for
 * @param candidates the nearest people, best first (none when the face was refused for its quality)
 * @param facesFound faces detected in the photo
 * @param reason why the answer is what it is
 * @param quality the quality check the face failed, when {@code reason} is {@link DecisionReason#LOW_QUALITY}
 */
public record Identification(
    Optional<String> identity, Optional<Double> distance, DecisionThreshold threshold, List<Match> candidates,
    int facesFound, DecisionReason reason, Optional<QualityVerdict> quality) {
  public Identification {
    candidates = List.copyOf(candidates);
    if (identity.isPresent() != (reason == DecisionReason.MATCH)) {
      throw new IllegalArgumentException(
          "an identification names someone exactly when its reason is MATCH, got " + identity + " with " + reason);
    }
    if (quality.isPresent() != (reason == DecisionReason.LOW_QUALITY)) {
      throw new IllegalArgumentException(
          "an identification carries a quality verdict exactly when its reason is LOW_QUALITY, got " + reason);
    }
  }

  /** One line for people: the person, or why not, e.g. "unknown: face too small (26 px, need 30)". */
  public String explanation() {
    if (identity.isPresent()) {
      return identity.get();
    }
    return "unknown: " + quality.map(QualityVerdict::message).orElse(reason.text());
  }
}
